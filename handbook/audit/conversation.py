"""A call as a conversation: what no single turn shows, read turn by turn in call order.

The checker judges a phrase on its own. On a call, the same words can be lawful or not depending on what
came before: debt details are fine once the borrower has confirmed who they are, and not before; a name
and a balance are a breach once whoever answered has said they are someone else; pressing for money is
wrong after the borrower disputes the debt or says they cannot go on. `follow(call)` keeps that state and
returns each place the conversation goes wrong, as `Moment`s:

- `identity-first`: a collector's turn gives debt details before the other side confirmed being the
  borrower (RL-THIRD-PARTY: whoever answered may be someone else);
- `third-party-told`: after the other side said they are not the borrower, a collector's turn still gives
  debt details (RL-THIRD-PARTY);
- `no-recording-notice`: the collector reached the debt without saying the call is recorded (the
  handbook's REQ-RECORDED; no law we could verify requires saying it, so it is advice);
- `no-official-channel`: the collector asked for payment and never named the official channel
  (RL-CHANNEL; advice: the checker catches a personal account itself);
- `dispute-pressed` (CALL-DISPUTE): after the borrower disputed the debt, the collector pressed for payment
  in a turn that offered no check of the dispute;
- `distress-pressed` (CALL-DISTRESS): after the borrower spoke of despair, self-harm or a medical emergency,
  the collector went on about repayment.

The last two are the handbook's practice (its entries borrower-denies-debt and distress-remarks-stop-and-
care), not a red line with a cited law, so they are findings for a person to review.

The cues are regular expressions over the call's own words (transcripts hold names and amounts, not the
catalogue's placeholders), matched on the turn as written; the borrower's turns set the state and are
never findings themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook.catalog.compliance import DISCLOSES

from .calls import AGENT, Call, Turn


@dataclass(frozen=True)
class Check:
    id: str
    rule: str  # the red line or requirement of redlines.yml it belongs to
    severity: str  # blocking, review or advisory
    title: str
    entry: str  # the catalogue entry that shows the lawful way


CHECKS = {
    c.id: c
    for c in (
        Check(
            "identity-first", "RL-THIRD-PARTY", "blocking", "确认本人之前说出了欠款信息", "verify-identity-first-call"
        ),
        Check(
            "third-party-told",
            "RL-THIRD-PARTY",
            "blocking",
            "对方已说明不是本人，仍说出欠款信息",
            "third-party-answers-no-disclosure",
        ),
        Check(
            "no-recording-notice",
            "REQ-RECORDED",
            "advisory",
            "谈到欠款前没有说明通话录音",
            "opening-d1-5-check-if-forgot",
        ),
        Check(
            "no-official-channel",
            "RL-CHANNEL",
            "advisory",
            "要求还款却没有说明官方还款渠道",
            "confirm-amount-date-channel",
        ),
        # the handbook's practice, from no red line: a person decides
        Check(
            "dispute-pressed",
            "CALL-DISPUTE",
            "review",
            "借款人提出异议后继续施压，没有提出核实",
            "borrower-denies-debt",
        ),
        Check(
            "distress-pressed",
            "CALL-DISTRESS",
            "review",
            "借款人表露轻生或危急情况后仍在谈还款",
            "distress-remarks-stop-and-care",
        ),
    )
}
PRACTICE = {c.rule: c.title for c in CHECKS.values() if c.rule.startswith("CALL-")}  # their own titles

# What the other side says ---------------------------------------------------------------------------
# Not the borrower: a denial of being them, a relation named, a wrong number (looked for before CONFIRMS:
# 我不是他本人 holds 本人).
NOT_BORROWER = re.compile(
    r"(?:我|俺)?(?:不是|唔系|唔係)(?:他|她|佢|本人|我本人)|打错了?|号码?是新(?:办|换)的|不认识(?:他|她|这个人|什么)"
    r"|(?:他|她|佢)?(?:不在|唔喺)(?:家|屋企)?[，,。]|(?:他|她)(?:出去了|不方便|上班去了|打工去了)"
    r"|(?:我|俺|咱)是(?:他|她|佢)(?:的|嘅)?(?:妈妈|爸爸|母亲|父亲|妈|爸|爹|娘|老婆|老公|媳妇|爱人|妻子|丈夫|儿子|女儿|家人|亲戚|"
    r"朋友|同事|室友|邻居|领导|老板|同学|哥|姐|弟|妹|奶奶|爷爷)"
)
# Yes, it is me: an answer that starts with yes (对, 是, 嗯对, 係), or says 是我, 我就是, 本人, or 我是 and a name.
CONFIRMS = re.compile(
    r"^[ \u3000…。，,.、]*(?:嗯+[，, \u3000]*)?(?:对|是|係|系)(?:的|啊|呀|我|本人|嘅)?(?:[，,。！! \u3000]|$)"
    r"|是我|我就是|就是我|是本人|本人(?:嚟|来)?|係我|我是[\u4e00-\u9fff]{2,4}(?:[，,。！!？? \u3000]|$)"
)
DISPUTES = re.compile(
    r"不是我借的|我没(?:有)?借过|没借过|我没(?:有)?借|从来没.{0,8}借|不认(?:这笔|这个)|(?:早就|已经|就)(?:一次性)?(?:还|结清|还清)(?:了|过)"
    r"|结清了|金额不对|数目不对|账不对|不对吧|怎么可能|不可能|有异议|搞错了|弄错了|冒用|盗用|冒名|不是我办的|转账记录|还款记录"
)
DISTRESS = re.compile(
    r"不想活|活不下去|活着(?:还有)?(?:没|什么)意思|一了百了|想不开|轻生|去死|寻死|自杀|跳楼|跳下去|跳河|喝药|割腕|了结自己|结束(?:自己|生命)"
    r"|撑不下去|抢救|病危|急诊|进了ICU|重症监护|手术室"
)

# What the collector says ------------------------------------------------------------------------------
ASKS_IDENTITY = re.compile(
    r"本人|请问(?:您|你)?是|是不是.{1,8}|系唔系|係唔係|(?:您|你)是.{1,8}(?:吗|么|吧|对吧|是吧)|(?:核实|确认|核对)(?:一下)?(?:您的|你的)?身份"
)
AMOUNT = re.compile(r"[0-9０-９][0-9０-９,，.]*[ \u3000]*(?:元|块|万)")
RECORDING = re.compile(r"录音")
ASKS_PAYMENT = re.compile(
    r"还款|还钱|还上|还清|还了|先还|还一部分|还一点|结清|补上|到账|到位|拿出|转账|付款|打款|缴费|把钱还|申请分期"
)
OFFICIAL_CHANNEL = re.compile(r"官方|官网|App|APP|app|对公账户|公众号|小程序|还款渠道|自动扣款|银行柜台|网点|还款入口")
# Pressing: urgency words, which press only in a turn that also asks for money, and words that brush the
# borrower off whatever else the turn says.
URGES = re.compile(
    r"必须|马上|立刻|立即|赶紧|赶快|今天(?:之内|下班前|下午)?.{0,12}(?:还了|还清|还上|补上|到账|到位)|不还(?:的话|就)?"
)
BRUSHES_OFF = re.compile(
    r"别(?:找借口|装|狡辩|抵赖|逼)|少来|抵赖|赖账|狡辩|我不管|(?:不是|不由)(?:您|你)说了算|一分(?:都|也)?不能少|查什么查|没什么好看"
)
VERIFIES = re.compile(
    r"核实|核查|核对|查一下|帮您查|给您查|查询|复核|异议|材料|凭证|截图|流水|明细|暂停|先停|不再催|客服电话|投诉渠道"
)
STOPS = re.compile(r"先放一放|先不谈|不谈还款|完全停下|停下来|暂停|120|110|热线|身边有(?:人|没有人)|陪着您|陪您")


def discloses(text: str) -> re.Match[str] | None:
    """The first debt detail in a collector's turn: an amount, or a word of debt, due or collection."""
    return AMOUNT.search(text) or DISCLOSES.search(text)


@dataclass(frozen=True)
class Moment:
    check: Check
    turn: Turn
    match: str  # the words that show it ("" when the finding is something missing)
    more: int = 0  # further turns of the same kind in this call, not reported one by one


@dataclass
class Followed:
    moments: list[Moment]  # where the call goes wrong, each check once
    confirmed: set[int]  # the lines of the collector's turns said after the borrower confirmed who they are


def follow(call: Call) -> Followed:
    """The places where `call` goes wrong as a conversation, in call order (each check once per call)."""
    found: dict[str, Moment] = {}
    confirmed: set[int] = set()
    extra: dict[str, int] = {}

    def note(check_id: str, turn: Turn, match: str) -> None:
        if check_id in found:
            extra[check_id] = extra.get(check_id, 0) + 1
        else:
            found[check_id] = Moment(CHECKS[check_id], turn, match)

    who = "unknown"  # unknown, borrower or other
    asked = disputed = distressed = recorded = asked_payment = named_channel = False
    first_detail: Turn | None = None
    for turn in call.turns:
        text = turn.text
        if turn.role != AGENT:
            if NOT_BORROWER.search(text):
                who = "other"
            elif who == "unknown" and asked and CONFIRMS.search(text):
                who = "borrower"
            disputed = disputed or bool(DISPUTES.search(text))
            distressed = distressed or bool(DISTRESS.search(text))
            continue
        if who == "borrower":
            confirmed.add(turn.line)
        detail = discloses(text)
        asked = asked or bool(ASKS_IDENTITY.search(text))
        recorded = recorded or bool(RECORDING.search(text))
        named_channel = named_channel or bool(OFFICIAL_CHANNEL.search(text))
        if detail is not None:
            if who == "unknown":
                note("identity-first", turn, detail.group(0))
            elif who == "other":
                note("third-party-told", turn, detail.group(0))
            if first_detail is None:
                first_detail = turn
                if not recorded:
                    note("no-recording-notice", turn, "")
        payment = ASKS_PAYMENT.search(text)
        if payment is not None and who != "other":
            asked_payment = True
            last_ask = turn
        pressing = BRUSHES_OFF.search(text) or (URGES.search(text) if payment is not None else None)
        if disputed and pressing is not None and not VERIFIES.search(text) and not STOPS.search(text):
            note("dispute-pressed", turn, pressing.group(0))
        if distressed and (payment is not None or pressing is not None) and not STOPS.search(text):
            note("distress-pressed", turn, (payment or pressing).group(0))  # type: ignore[union-attr]
    if asked_payment and not named_channel:
        note("no-official-channel", last_ask, "")
    moments = [Moment(m.check, m.turn, m.match, extra.get(k, 0)) for k, m in found.items()]
    return Followed(sorted(moments, key=lambda m: m.turn.line), confirmed)
