/* Practice mode (issue 10). */
