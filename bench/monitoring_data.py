"""A year of a contact centre, as rows for PostgreSQL's COPY (text format), for
``bench/monitoring.py``.

Customers with a home team and a phone number each (``app.cases.numbers.normalize``: the
``number_key`` the PCs store), SRs opened by the calls that need one, call logs per agent and
working day in Asia/Tokyo (two sessions, 9:00-12:00 and 13:00-18:00, lighter weekends), the
notes written during the wrap-ups in Japanese, Chinese or English, and the agents' states
(login, ring, talk, wrap-up, lunch, logout) for the days the KPI benchmark reads.

The rows carry what the triggers would have written, were they not bypassed by
``session_replication_role = replica`` (migrations 0001, 0004, 0005, 0007): ``owner_role`` (the
agent's login role), ``team_id`` (the agent's team), ``change_no`` (``caseline.change_seq``'s
numbers, in generation order; the caller sets the sequence past them), ``change_xid`` (the
loading transaction's id: ``XID`` in the text, replaced at COPY), ``received_at`` (the centre's
clock when a PC delivers a row: a second or two after the call's end or the note), and for SRs
``written_by`` = ``creator_role``, ``reach_xid`` 0, version 1. Ids are UUIDv7 from the row's
own time, as the PCs make them (``app.cases.models.new_id``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from app.cases.numbers import normalize

if TYPE_CHECKING:
    from collections.abc import Iterator

XID = "@XID@"  # replaced by the COPY transaction's pg_current_xact_id()
NULL = "\\N"
TOKYO = 9 * 3600  # Asia/Tokyo is UTC+9 all year (no DST): 9:00 JST is 00:00 UTC
DAY = 86400
MORNING = (0, 3 * 3600)  # seconds after 9:00 JST: 9:00-12:00
AFTERNOON = (4 * 3600, 9 * 3600)  # 13:00-18:00
WEEKDAY_WEIGHT = (1.0, 1.0, 1.0, 1.0, 1.0, 0.25, 0.1)  # Monday..Sunday
POOR_MOS = 3.5

CALL_COLUMNS = (
    "id", "direction", "engine_call_id", "sip_call_id", "account", "remote_uri",
    "display_name", "number_raw", "number_e164", "number_key", "started_at", "answered_at",
    "ended_at", "last_alive_at", "seen_at", "ring_seconds", "talk_seconds", "hold_seconds",
    "held_since", "outcome", "end_reason", "sip_status", "transferred_to", "disposition_code",
    "agent_id", "case_id", "contact_id", "customer_id", "matched_by", "match_detail", "note",
    "note_language", "mos", "loss_pct", "jitter_ms", "rtt_ms", "owner_role", "team_id",
    "change_no", "change_xid", "received_at")
NOTE_COLUMNS = ("id", "case_id", "call_log_id", "body", "language", "author_id", "created_at",
                "translation_of", "owner_role", "team_id", "change_no", "change_xid",
                "received_at")
STATE_COLUMNS = ("id", "agent_id", "state", "previous", "reason", "call_log_id", "at",
                 "owner_role", "team_id", "change_no", "change_xid", "received_at")
CASE_COLUMNS = ("id", "number", "title", "description", "status", "priority",
                "priority_confirmed", "priority_confirmed_at", "language", "queue",
                "customer_id", "contact_id", "owner_id", "created_at", "updated_at", "version",
                "creator_role", "written_by", "change_no", "change_xid", "received_at",
                "reach_xid")
CUSTOMER_COLUMNS = ("id", "code", "company", "language", "created_at", "updated_at",
                    "creator_role", "change_no", "change_xid", "received_at")

# -- what the notes say ------------------------------------------------------------------------

JA_PRODUCTS = ("プリンター", "複合機", "ノートパソコン", "ルーター", "スキャナー", "トナー",
               "モニター", "キーボード", "無線LAN", "サーバー", "会計ソフト", "メール")
JA_PROBLEMS = ("紙詰まり", "印刷できない", "接続できない", "電源が入らない", "異音がする",
               "エラーが表示される", "動作が遅い", "ログインできない", "トナー切れ",
               "印字がかすれる", "認識しない", "請求書の金額が違う")
JA_ACTIONS = ("再起動を案内しました", "トナー交換を案内しました",
              "ドライバーの再インストールを案内しました", "設定を確認しました",
              "後ほど折り返し連絡します", "技術担当へエスカレーションしました",
              "交換部品を手配しました", "訪問修理を予約しました", "請求書を再発行しました",
              "解決を確認しました")
JA_OPENERS = ("お客様より", "ご担当者様から", "本日", "前回の続きで", "")
ZH_PRODUCTS = ("打印机", "复印机", "笔记本电脑", "路由器", "扫描仪", "墨盒", "显示器",
               "无线网络", "服务器", "财务软件", "邮箱")
ZH_PROBLEMS = ("卡纸", "无法打印", "无法连接", "无法开机", "有异响", "显示错误", "运行缓慢",
               "无法登录", "墨粉用完", "网络中断", "发票金额不对")
ZH_ACTIONS = ("已指导重启", "已建议更换墨盒", "已指导重新安装驱动", "已检查设置", "稍后回电",
              "已升级给技术人员", "已安排更换零件", "已预约上门维修", "已重新开具发票",
              "已确认解决")
EN_PRODUCTS = ("printer", "copier", "laptop", "router", "scanner", "toner cartridge",
               "monitor", "VPN client", "mail server", "accounting software", "invoice portal")
EN_PROBLEMS = ("has a paper jam", "cannot print", "cannot connect", "does not power on",
               "makes a grinding noise", "shows an error", "is very slow", "login fails",
               "is out of toner", "VPN keeps dropping", "invoice amount is wrong")
EN_ACTIONS = ("Advised a restart", "Advised replacing the toner", "Guided a driver reinstall",
              "Checked the settings", "Will call back later", "Escalated to second line",
              "Ordered a replacement part", "Booked an on-site repair", "Reissued the invoice",
              "Confirmed resolved")
# A few notes (about 1 in 1,000) mention something rare.
RARE = {"ja": "ファームウェア署名エラー", "zh": "固件签名错误", "en": "firmware signature mismatch"}
TITLES = {"ja": ("{p}の{q}", "{p}について"), "zh": ("{p}{q}", "{p}问题"),
          "en": ("{P} {q}", "{P} issue")}
DISPOSITIONS = (("resolved", 0.45), ("follow-up", 0.2), ("info", 0.12), ("escalated", 0.06),
                ("complaint", 0.05), ("sales", 0.07), ("wrong-number", 0.05))
LANGUAGES = (("ja", 0.7), ("en", 0.15), ("zh", 0.15))
JA_COMPANY = ("株式会社", "有限会社", "")
JA_NAME = ("山田", "佐藤", "中央", "東京", "大阪", "北斗", "青葉", "富士", "桜", "日の出", "丸の内",
           "みなと", "双葉", "三和", "大和")
JA_KIND = ("商事", "工業", "電機", "物産", "設計", "印刷", "不動産", "クリニック", "法律事務所")
ZH_NAME = ("华强", "东方", "长城", "新星", "恒信", "金桥", "海天", "百川")
ZH_KIND = ("贸易有限公司", "科技有限公司", "电子有限公司", "物流有限公司")
EN_NAME = ("Northwind", "Contoso", "Fabrikam", "Blue Harbor", "Lakeside", "Summit", "Redwood",
           "Pioneer")
EN_KIND = ("Ltd.", "Inc.", "Trading", "Partners", "Logistics", "Consulting")


def _cumulative(pairs: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], list[float]]:
    total = sum(w for _, w in pairs)
    acc, out = 0.0, []
    for _, w in pairs:
        acc += w / total
        out.append(acc)
    return tuple(v for v, _ in pairs), out


def _pick(values: tuple[str, ...], cumulative: list[float], r: float) -> str:
    for value, edge in zip(values, cumulative, strict=True):
        if r < edge:
            return value
    return values[-1]


def uuid7(rng: random.Random, ms: int) -> str:
    """A UUIDv7 of ``ms`` (Unix milliseconds), as text."""
    value = (ms & ((1 << 48) - 1)) << 80 | rng.getrandbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_DAY_TEXT: dict[int, str] = {}
_CLOCK = [f"{h:02d}:{m:02d}:{x:02d}." for h in range(24) for m in range(60) for x in range(60)]
_MILLI = [f"{m:03d}+00" for m in range(1000)]


def ts(t: float) -> str:
    """An instant (Unix seconds) as COPY text, UTC, milliseconds."""
    ms = int(t * 1000)
    day, rest = divmod(ms, DAY * 1000)
    prefix = _DAY_TEXT.get(day)
    if prefix is None:
        prefix = _DAY_TEXT[day] = (date(1970, 1, 1) + timedelta(days=day)).isoformat() + " "
    s, milli = divmod(rest, 1000)
    return prefix + _CLOCK[s] + _MILLI[milli]


# -- the centre --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agent:
    id: str
    role: str
    team: int  # index into World.teams
    team_id: str


@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    code: str
    company: str
    language: str
    team: int
    raw: str  # the caller id as a trunk sends it
    e164: str | None
    key: str  # number_key, as app.cases.numbers gives it
    national: str  # digits as written at home (for typed spellings)


@dataclass
class World:
    """Teams (id, queues), agents and customers. Cases are made while the calls are."""

    team_ids: list[str]
    team_queues: list[tuple[str, ...]]
    agents: list[Agent]
    customers: list[Customer] = field(default_factory=list)
    by_team: list[list[int]] = field(default_factory=list)  # customer indexes per team


def _phone(rng: random.Random, language: str, serial: int) -> tuple[str, str]:
    """(caller id as the trunk sends it, the national digits), from ``serial``."""
    tail = f"{serial % 100_000_000:08d}"
    if language == "ja" or rng.random() < 0.6:
        area = rng.choice(("03", "06", "045", "052", "092", "011", "090", "080", "070"))
        # 10 digits for a landline (03-1234-5678, 045-123-4567), 11 for a mobile.
        national = area + (tail if len(area) == 2 or area in ("090", "080", "070") else tail[-7:])
        return national, national
    if language == "zh":
        national = "138" + tail
        return "+86" + national, national
    national = "646" + tail[-7:]
    return "+1" + national, national


def make_customers(world: World, count: int, rng: random.Random, start: float) -> None:
    langs, edges = _cumulative(LANGUAGES)
    world.by_team = [[] for _ in world.team_ids]
    seen: set[str] = set()
    serial = 10_000_000
    for i in range(count):
        team = i % len(world.team_ids)
        language = _pick(langs, edges, rng.random())
        while True:
            serial += 1 + rng.randrange(97)
            raw, national = _phone(rng, language, serial)
            n = normalize(raw)
            if n.match_key and n.match_key not in seen:
                break
        seen.add(n.match_key)
        if language == "ja":
            company = f"{rng.choice(JA_COMPANY)}{rng.choice(JA_NAME)}{rng.choice(JA_KIND)}"
        elif language == "zh":
            company = f"{rng.choice(ZH_NAME)}{rng.choice(ZH_KIND)}"
        else:
            company = f"{rng.choice(EN_NAME)} {rng.choice(EN_KIND)}"
        ms = int((start - rng.random() * 400 * DAY) * 1000)
        world.customers.append(Customer(uuid7(rng, ms), f"C{i:07d}", company, language, team,
                                        raw, n.e164, n.match_key, national))
        world.by_team[team].append(i)


def customer_rows(world: World, xid: str, rng: random.Random, start: float,
                  change_no: int) -> Iterator[str]:
    for c in world.customers:
        creator = world.agents[c.team * (len(world.agents) // len(world.team_ids))]
        at = ts(start - 30 * DAY - rng.random() * 300 * DAY)
        change_no += 1
        yield "\t".join((c.id, c.code, c.company, c.language, at, at, creator.role,
                         str(change_no), xid, at)) + "\n"


def spellings(raw: str) -> tuple[str, ...]:
    """Ways a leader may type a caller id of this centre (``raw``, as ``_phone`` makes them);
    every one finds it (app.cases.numbers.match_keys)."""
    if raw.startswith("+"):
        country = "86" if raw.startswith("+86") else "1"
        n = raw[1 + len(country):]
        wide = "".join(chr(ord(ch) + 0xFEE0) for ch in raw)  # full-width digits and +
        return (raw, f"+{country} {n[:3]} {n[3:6]} {n[6:]}", f"00{country}{n}", wide)
    n = raw
    cut = 2 if n[:2] in ("03", "06") else 3
    dashed = f"{n[:cut]}-{n[cut:-4]}-{n[-4:]}"
    wide = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else "－" for ch in dashed)
    return (dashed, f"+81 {n[1:cut]} {n[cut:-4]} {n[-4:]}", wide, f"0081{n[1:]}", n)


# -- the year ----------------------------------------------------------------------------------


@dataclass
class Counts:
    calls: int = 0
    notes: int = 0
    states: int = 0
    cases: int = 0
    answered: int = 0
    missed: int = 0
    outbound: int = 0
    bound: int = 0
    with_mos: int = 0


class Year:
    """Calls, notes, states and SRs, day by day. ``day_rows(d)`` for each day in order."""

    def __init__(self, world: World, *, calls: int, notes: int, first_day: date, days: int,
                 states_from: date, seed: int = 18, change_no: int = 0) -> None:
        self.world = world
        self.rng = random.Random(seed)
        self.first_day = first_day
        self.days = days
        self.states_from = states_from
        self.change_no = change_no
        self.counts = Counts()
        weights = [WEEKDAY_WEIGHT[(first_day + timedelta(days=d)).weekday()]
                   for d in range(days)]
        self.per_agent_day = calls / (len(world.agents) * sum(weights))
        self.weights = weights
        # Expected answered calls on an SR, for the notes per such call.
        answered_bound = calls * 0.72 * (0.7 * 0.9 + 0.1 * 0.8)
        self.notes_per_call = notes / max(1.0, answered_bound)
        self.cases_per_bound = 1 / 12  # a new SR for about one bound call in 12
        self.case_rows: list[str] = []
        self._case_seq: dict[int, int] = {}
        self._last_case: dict[int, tuple[str, float, str, str]] = {}  # customer -> SR
        self._dispositions = _cumulative(DISPOSITIONS)
        self._unknown = [normalize(f"0{rng_digits}")
                         for rng_digits in (f"{n:09d}" for n in
                                            random.Random(seed + 1).sample(range(10**8, 10**9),
                                                                           5000))]
        self._engine_call = 0

    # -- pieces --

    def _next(self) -> str:
        self.change_no += 1
        return str(self.change_no)

    def _sr(self, ci: int, at: float, owner: Agent) -> tuple[str, str, str]:
        """The customer's SR for a call at ``at``: (id, language, queue); opens one when the
        customer has none yet or with about 1 in 12 (a new issue)."""
        rng = self.rng
        last = self._last_case.get(ci)
        if last is not None and rng.random() >= self.cases_per_bound:
            return last[0], last[2], last[3]
        c = self.world.customers[ci]
        year = datetime.fromtimestamp(at, UTC).year
        seq = self._case_seq.get(year, 0) + 1
        self._case_seq[year] = seq
        case_id = uuid7(rng, int(at * 1000))
        queue = rng.choice(self.world.team_queues[owner.team])
        age = (self.first_day + timedelta(days=self.days)
               - datetime.fromtimestamp(at, UTC).date()).days
        if age > 21:
            status = "closed" if rng.random() < 0.7 else "resolved"
        else:
            status = rng.choice(("new", "open", "open", "pending-customer", "escalated"))
        p = rng.choice(("P2", "P3", "P3", "P3", "P4"))
        product = rng.choice(JA_PRODUCTS if c.language == "ja" else
                             ZH_PRODUCTS if c.language == "zh" else EN_PRODUCTS)
        problem = rng.choice(JA_PROBLEMS if c.language == "ja" else
                             ZH_PROBLEMS if c.language == "zh" else EN_PROBLEMS)
        title = rng.choice(TITLES[c.language]).format(p=product, P=product.capitalize(),
                                                      q=problem)
        stamp = ts(at)
        self.case_rows.append("\t".join((
            case_id, f"SR-{year}-{seq:06d}", title, "", status, p, "f", NULL, c.language,
            queue, c.id, NULL, owner.id, stamp, stamp, "1", owner.role, owner.role,
            self._next(), XID, ts(at + 1.5), "0")) + "\n")
        self.counts.cases += 1
        self._last_case[ci] = (case_id, at, c.language, queue)
        return case_id, c.language, queue

    def _body(self, language: str) -> str:
        rng = self.rng
        if language == "ja":
            text = (f"{rng.choice(JA_OPENERS)}{rng.choice(JA_PRODUCTS)}の"
                    f"{rng.choice(JA_PROBLEMS)}件でお問い合わせ。{rng.choice(JA_ACTIONS)}。")
            if rng.random() < 0.3:
                text += f"型番はMX-{rng.randrange(1000, 9999)}です。"
        elif language == "zh":
            text = (f"客户反映{rng.choice(ZH_PRODUCTS)}的问题：{rng.choice(ZH_PROBLEMS)}。"
                    f"{rng.choice(ZH_ACTIONS)}。")
            if rng.random() < 0.3:
                text += f"型号MX-{rng.randrange(1000, 9999)}。"
        else:
            text = (f"Customer reports the {rng.choice(EN_PRODUCTS)} "
                    f"{rng.choice(EN_PROBLEMS)}. {rng.choice(EN_ACTIONS)}.")
            if rng.random() < 0.3:
                text += f" Model MX-{rng.randrange(1000, 9999)}."
        if rng.random() < 0.001:
            text += " " + RARE[language]
        if rng.random() < 0.1:
            text += f" SN{rng.randrange(10**7, 10**8)}"
        return text

    def _state(self, out: list[str], agent: Agent, at: float, state: str, previous: str,
               reason: str = "", call: str = NULL) -> None:
        self.counts.states += 1
        out.append("\t".join((uuid7(self.rng, int(at * 1000)), agent.id, state, previous,
                              reason, call, ts(at), agent.role, agent.team_id, self._next(),
                              XID, ts(at + 1.0))) + "\n")

    # -- a day --

    def day_rows(self, d: int) -> tuple[list[str], list[str], list[str]]:
        """(call log rows, note rows, state rows) of day ``d`` (0: ``first_day``)."""
        rng = self.rng
        day = self.first_day + timedelta(days=d)
        base = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()  # 9:00 JST
        states = day >= self.states_from
        calls: list[str] = []
        notes: list[str] = []
        state_rows: list[str] = []
        lam = self.per_agent_day * self.weights[d]
        for agent in self.world.agents:
            k = max(0, round(rng.gauss(lam, math.sqrt(lam)))) if lam > 0 else 0
            if k == 0:
                continue
            plans = [self._plan() for _ in range(k)]
            split = round(k * 3 / 8)
            login = base - 300 + rng.random() * 300
            if states:
                self._state(state_rows, agent, login, "available", "offline")
            end = self._session(agent, base + MORNING[0], base + MORNING[1], plans[:split],
                                calls, notes, state_rows if states else None)
            lunch = max(base + MORNING[1], end)
            back = max(base + AFTERNOON[0], lunch + 1800)
            if states:
                self._state(state_rows, agent, lunch, "break", "available", "lunch")
                self._state(state_rows, agent, back, "available", "break")
            end = self._session(agent, back, base + AFTERNOON[1], plans[split:], calls, notes,
                                state_rows if states else None)
            if states:
                self._state(state_rows, agent, max(base + AFTERNOON[1], end) + 60,
                            "offline", "available")
        return calls, notes, state_rows

    def _plan(self) -> tuple[str, float, float, float, float, bool]:
        """(kind, ring, talk, hold, wrap, connected) of one call."""
        rng = self.rng
        r = rng.random()
        if r < 0.7:
            ring = 2 + min(58.0, rng.expovariate(1 / 6))
            talk = min(3600.0, rng.lognormvariate(math.log(100), 0.7))
            hold = rng.uniform(5, 120) if rng.random() < 0.2 else 0.0
            return "answered", ring, talk, hold, 10 + min(290.0, rng.expovariate(1 / 25)), True
        if r < 0.9:
            return "missed", 10 + min(80.0, rng.expovariate(1 / 15)), 0.0, 0.0, 0.0, False
        ring = rng.uniform(3, 30)
        if rng.random() < 0.8:
            talk = min(3600.0, rng.lognormvariate(math.log(80), 0.7))
            return "outbound", ring, talk, 0.0, 10 + min(290.0, rng.expovariate(1 / 20)), True
        return "outbound", ring, 0.0, 0.0, 0.0, False

    def _session(self, agent: Agent, lo: float, hi: float,
                 plans: list[tuple[str, float, float, float, float, bool]], calls: list[str],
                 notes: list[str], state_rows: list[str] | None) -> float:
        """The calls of one session from ``lo`` (the agent free) to about ``hi``."""
        rng = self.rng
        if not plans:
            return lo
        busy = sum(p[1] + p[2] + p[3] + p[4] for p in plans)
        idle = max(0.0, (hi - lo) - busy)
        gaps = [rng.expovariate(1.0) for _ in range(len(plans) + 1)]
        scale = idle / sum(gaps)
        t = lo
        for plan, gap in zip(plans, gaps, strict=False):
            t += gap * scale
            t = self._call(agent, t, plan, calls, notes, state_rows)
        return t

    def _call(self, agent: Agent, start: float,
              plan: tuple[str, float, float, float, float, bool], calls: list[str],
              notes: list[str], state_rows: list[str] | None) -> float:
        """Write one call (and its note, states); returns when the agent is free again."""
        rng, world, n = self.rng, self.world, self.counts
        kind, ring, talk, hold, wrap, connected = plan
        inbound = kind != "outbound"
        call_id = uuid7(rng, int(start * 1000))
        # Who: a customer of the agent's team mostly (a few popular ones call a lot).
        r = rng.random()
        customer = None
        ci = -1
        if not inbound or r < 0.9:
            team = agent.team if rng.random() < 0.95 else rng.randrange(len(world.team_ids))
            pool = world.by_team[team]
            ci = pool[int(len(pool) * rng.random() ** 2)]
            customer = world.customers[ci]
            raw, e164, key = customer.raw, customer.e164, customer.key
        elif r < 0.98:
            u = rng.choice(self._unknown)
            raw, e164, key = u.raw, u.e164, u.match_key
        else:
            raw, e164, key = "anonymous", None, ""
        answered_at = start + ring if connected else None
        ended = start + ring + talk + hold
        case_id = language = None
        bound_p = 0.72 if connected else (0.3 if inbound else 0.6)
        if customer is not None and rng.random() < bound_p:
            case_id, language, _queue = self._sr(ci, start, agent)
            n.bound += 1
        if language is None and customer is not None:
            language = customer.language
        if kind == "answered":
            n.answered += 1
            if rng.random() < 0.05:
                outcome, reason, transferred = "transferred", "transferred", "sip:2nd-line@pbx"
            else:
                outcome, reason, transferred = "answered", rng.choice(
                    ("remote_hangup", "local_hangup")), ""
            status = "200"
        elif kind == "missed":
            n.missed += 1
            outcome, reason, transferred = (("missed", "missed", "") if rng.random() < 0.9
                                            else ("rejected", "rejected", ""))
            status = "487" if outcome == "missed" else "486"
        else:
            n.outbound += 1
            if connected:
                outcome, reason, transferred, status = "answered", "local_hangup", "", "200"
            else:
                outcome, reason, transferred, status = rng.choice((
                    ("cancelled", "cancelled", "", "487"), ("failed", "unreachable", "", "480"),
                    ("failed", "busy", "", "486")))
        disposition = (_pick(*self._dispositions, rng.random()) if connected else NULL)
        mos = loss = jitter = rtt = NULL
        if connected and rng.random() < 0.7:
            n.with_mos += 1
            if rng.random() < 0.04:
                mos_v, loss_v = rng.uniform(2.2, POOR_MOS - 0.01), rng.uniform(3, 12)
            else:
                mos_v, loss_v = max(POOR_MOS, min(4.41, rng.gauss(4.25, 0.1))), rng.uniform(0, 1)
            mos, loss = f"{max(mos_v, 1.0):.2f}", f"{loss_v:.2f}"
            jitter, rtt = f"{rng.uniform(2, 25):.1f}", f"{rng.uniform(20, 160):.1f}"
        self._engine_call += 1
        number_local = raw.lstrip("+")
        wrap_end = ended + wrap
        seen = ts(ended + (rng.uniform(30, 900) if kind == "missed" else 0.0))
        matched = ("number" if customer is not None and case_id is not None else "none")
        calls.append("\t".join((
            call_id, "inbound" if inbound else "outbound", str(self._engine_call),
            f"{call_id[-12:]}@pbx.example", f"sip:{agent.role}@pbx.example",
            f"sip:{number_local}@pbx.example", customer.company if customer else "", raw,
            e164 or NULL, key, ts(start), ts(answered_at) if answered_at else NULL, ts(ended),
            ts(ended), seen, f"{ring:.1f}", f"{talk:.1f}", f"{hold:.1f}", NULL, outcome,
            reason, status, transferred, disposition, agent.id, case_id or NULL, NULL,
            customer.id if customer else NULL, matched,
            key if matched == "number" else "", "", language or NULL,
            mos, loss, jitter, rtt, agent.role, agent.team_id, self._next(), XID,
            ts(ended + rng.uniform(0.3, 2.0)))) + "\n")
        n.calls += 1
        if case_id is not None and connected:
            count = int(self.notes_per_call)
            count += rng.random() < self.notes_per_call - count
            at = ended + rng.uniform(3, max(4.0, wrap))
            original = None
            for _ in range(count):
                lang = language or "ja"
                translation = original is not None and rng.random() < 0.5
                if translation:
                    lang = rng.choice([x for x in ("ja", "en", "zh") if x != lang])
                note_id = uuid7(rng, int(at * 1000))
                notes.append("\t".join((
                    note_id, case_id, NULL if translation else call_id, self._body(lang), lang,
                    agent.id, ts(at), original if translation and original else NULL,
                    agent.role, agent.team_id, self._next(), XID, ts(at + 1.2))) + "\n")
                n.notes += 1
                original = note_id
                at += rng.uniform(5, 60)
        if state_rows is not None:
            if inbound:
                self._state(state_rows, agent, start, "ringing", "available")
                if connected:
                    self._state(state_rows, agent, start + ring, "on-call", "ringing")
                    self._state(state_rows, agent, ended, "wrap-up", "on-call", call=call_id)
                    self._state(state_rows, agent, wrap_end, "available", "wrap-up")
                else:
                    self._state(state_rows, agent, ended, "available", "ringing")
            else:
                self._state(state_rows, agent, start, "on-call", "available")
                if connected:
                    self._state(state_rows, agent, ended, "wrap-up", "on-call", call=call_id)
                    self._state(state_rows, agent, wrap_end, "available", "wrap-up")
                else:
                    self._state(state_rows, agent, ended, "available", "on-call")
        return wrap_end
