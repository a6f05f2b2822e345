/* The phrase checker (issue 11). */
