"""Cues that excuse a match: negation and advice against, promises, reported speech, and text that names
a forbidden act to forbid or report it. Regexes over the normalised text; docs/assets/checker.js reads the
same ones from `browser_data`."""

from __future__ import annotations

import re

# Cues of negation or advice-against, searched in the clause before a match. The look-aheads keep
# threats that merely start like a negation (别怪我们, 不要逼我们, 为避免我们上门) from passing as one.
NEGATION = re.compile(
    r"(?:要不要|别的|别人|别处|别家)|(?:不会|不再|绝不|决不|绝对不|从不|从来不|不得|不能|不可以|不可能|不应|不该|请勿|切勿|不用|无需|不需要|"
    r"不必|并不|并没有|没有|不曾|禁止|严禁|拒绝|杜绝|不允许|不存在|不是|不建议|不推荐|不提倡|劝您|提醒您|谨防|"
    r"警惕|小心受骗|(?:不要|别|千万别|避免|防止)(?!怪|逼|让我|让我们|说我|以为|想|再拖|拖|躲|装))"
)
# a verb of saying, or a speaker's label with its colon (借款人：“……”); not 告诉客户“……”, an instruction
SPEECH_VERB = re.compile(
    r"(?:(?:说|讲|问|提到|表示|称|反映|投诉|喊|骂|所谓|号称|什么|担心|质疑|以为|听说)(?:要|过|了|的)?[:,]?"
    r"|(?:借款人|客户|对方):)$"
)
# Inside a match only a promise about the collector's own conduct excuses it (夜里我们是不会打扰的);
# 不能 or 没有 there usually state the threatened consequence (孩子就不能上学).
PROMISE = re.compile(
    r"(?:不会|不再|绝不|决不|绝对不|从不|从来不|不得|禁止|严禁)(?:再)?(?:在|去|向|把|跟|给|对)?(?:您|你|他|她|他们)?"
    r"(?:打扰|联系|拨打|致电|上门|打电话|发|透露|告诉|公开|泄露|群发|催)"
)
NOT_A_CUE = {"要不要", "别的", "别人", "别处", "别家"}  # matched first so that 不要/别 inside them is no cue
# 您说…/你提到…/恁说…/你话… (Cantonese)/阁下所言… report the borrower's words; 跟你讲/对您说 are the
# collector speaking, matched first to skip (a match that starts with one of SPEAKER is the borrower's).
SPEAKER = "您你恁阁"
REPORTED_SPEECH = re.compile(
    r"(?:跟|对|给|和|同)(?:您|你)(?:讲|说)"
    r"|(?:您|你|恁|阁下)(?:刚才|刚刚|方才|之前|先前|上次|头先|啱啱)?"
    r"(?:说|话|提到|讲|表示|问|担心|觉得|认为|反映|所言|所说|打算|质疑)"
)
# A phrase that names a forbidden act in order to forbid, report or correct it (a quality-check finding, a
# training note, a compliance memo) is not the act. Two signs excuse a framable rule's match: a label that
# frames the whole text as such (质检提示：, 培训材料：, 【内部通知】) together with a word of reproach anywhere
# in it, since a team lead's "培训要点：没接就一直打" has the label and no reproach and stays advice; or, after
# the match, a verdict on it (……都属于违规, ……禁止使用). Read on the folded text: ：becomes :, 質檢 质检.
FRAME_LABEL = (
    "质检|培训|合规|内部|话术审核|审核意见|新人|案例|复盘|风控|红线|禁语|禁用|规范|制度|通报|整改|投诉|主管|组长|"
    "系统通知|客户原话|客户称|客户反映|坐席说明|话术"
)
# a report of what the borrower said or feared, at the start of the text, frames it too
REPORT = "(?:借款人|客户)(?:反映|投诉|质疑|担心|称|说|问)"
FRAMED = re.compile(rf"^(?:【(?:{FRAME_LABEL})[^】]{{0,8}}】|(?:{FRAME_LABEL})[^:,。]{{0,6}}:|{REPORT})")
REPROACH = re.compile(
    r"违规|违法|违反|不合规|禁止|严禁|不得|不准|不许|禁用|禁语|错误|扣分|扣除|扣罚|整改|虚构|不实|判定|退回|退还|停止催收|"
    r"暂停催收|上报|投诉|改为|停用|致歉|道歉|不当|误导|婉拒|不能说|不要说|别说|已告知|已解释|已说明|经核实|已核实|已核查|已登记|"
    r"已记录|已受理"
)
VERDICT = re.compile(
    r"(?:属于|均属|都属|都是|均为|构成|判定为?|视为|算作?|是)(?:违规|违法|虚构|不实|禁语|禁用|公开羞辱|骚扰|违反)"
    r"|(?:禁止|严禁|不得|不准|不许)(?:使用|出现|这样说|这么说)"
    r"|(?:暂停|停止|不得|不再)(?:继续)?催收|转(?:交|给)?(?:法务|合规)"  # the case is stopped or referred
    # a word disowned: 这个词我们不用, 不是官方说法, 不是我们的做法
    r"|(?:这个词|这种话|这种说法|这类话|这些话|这个说法)(?:.{0,4})(?:不用|不说|不讲|不会(?:说|用|讲)|不能(?:说|用))"
    r"|不是(?:官方|正规)(?:的)?(?:说法|做法)|(?:不是|不系|并非)(?:我们|我哋|我司|本公司)(?:的)?(?:做法|所为|发的|干的|说的)"
)
# A claim deferred to the court, the contract or the system (……以法院认定为准, 具体以协议为准, 由司法机关认定)
# excuses a match of a rule about what follows from the debt (liability, fees, legal and credit consequences),
# never one about how the collector behaves: an insult or a threat is not made lawful by 以系统为准 after it
# (rules say `deferrable: false`).
DEFERRED = re.compile(
    r"以(?:法院|合同|协议|页面|官方|机构|审批|审核|判决|公示|账单|app|系统)[^,。;]{0,8}为准|(?:须|需|要)?依法认定"
    r"|由(?:法院|司法机关|公安机关)(?:依法)?(?:认定|决定|判决)"
)
# A warning about someone else's misconduct: someone (有人, 任何人) before the match, and after it what
# the borrower should do about it (拒绝, 报警, 投诉 …): 任何人让您转到个人账户，都请拒绝.
SOMEONE = re.compile(r"有人|任何人|他人|别人|谁")
WARNED = re.compile(
    r"拒绝|报警|投诉|举报|反映|截图|别信|不要信|不好信|千万别|不要理|不是我们|非我们|非我司|并非我们|不系我哋"
)
