"""Demo data: a deterministic, lived-in store so a first start shows a working desk.

Agents of a Tokyo HUB and home advisors, Japanese, Chinese and English-speaking customers with
their numbers in the local formats they give them, SRs in every status and priority, two weeks
of calls and notes in three languages. Everything comes from ``random.Random(seed)`` and ``now``,
ids included, so the same seed and time give the same store (handy for screenshots and tests).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import delete, select

from app.cases.models import (
    OPEN_STATUSES,
    Agent,
    CallLog,
    Case,
    CaseCounter,
    CaseStatus,
    Contact,
    Customer,
    Direction,
    Language,
    MatchedBy,
    Note,
    Outcome,
    PhoneNumber,
    Priority,
    Role,
    SyncPause,
    TranslationRequest,
    utcnow,
)
from app.cases.numbers import normalize

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.cases.store import Store

T = TypeVar("T")
JST = timezone(timedelta(hours=9), "JST")
SIP_DOMAIN = "caseline.test"
CASES = 80
CALLS = 150
NOTES = 120
CONTACTS = 60
CALL_DAYS = 14
CASE_DAYS = 60


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    contacts: int
    numbers: int
    cases: int
    call_logs: int
    notes: int
    agents: int


@dataclass(frozen=True)
class DemoAgent:
    name: str
    user: str
    team: str
    role: Role
    languages: str


@dataclass(frozen=True)
class DemoCompany:
    company: str
    language: Language
    region: str  # the region its numbers are local to: what normalize() is given
    domain: str
    city: str


AGENTS: tuple[DemoAgent, ...] = (
    DemoAgent("佐藤 健一", "sato", "HUB Tokyo", Role.AGENT, "ja,en"),
    DemoAgent("王 丽", "wang", "HUB Tokyo", Role.AGENT, "zh,ja,en"),
    DemoAgent("Daniel Brooks", "brooks", "HUB Tokyo", Role.AGENT, "en,ja"),
    DemoAgent("鈴木 誠", "suzuki", "HUB Tokyo", Role.TEAM_LEADER, "ja,en"),
    DemoAgent("高橋 美咲", "takahashi", "Home advisors", Role.AGENT, "ja"),
    DemoAgent("陈 思远", "chen", "Home advisors", Role.AGENT, "zh,ja"),
    DemoAgent("中村 由美", "nakamura", "Home advisors", Role.TEAM_LEADER, "ja,en"),
)

_JA, _ZH, _EN = Language.JA, Language.ZH, Language.EN
COMPANIES: tuple[DemoCompany, ...] = (
    DemoCompany("株式会社さくら精機", _JA, "JP", "sakura-seiki", "tokyo"),
    DemoCompany("株式会社みなと物流", _JA, "JP", "minato-logi", "yokohama"),
    DemoCompany("東和電機株式会社", _JA, "JP", "towa-denki", "osaka"),
    DemoCompany("株式会社あおば食品", _JA, "JP", "aoba-foods", "tokyo"),
    DemoCompany("株式会社ひかり印刷", _JA, "JP", "hikari-print", "nagoya"),
    DemoCompany("北斗システム株式会社", _JA, "JP", "hokuto-sys", "tokyo"),
    DemoCompany("株式会社やまと建設", _JA, "JP", "yamato-kensetsu", "fukuoka"),
    DemoCompany("株式会社こだま薬品", _JA, "JP", "kodama-pharma", "osaka"),
    DemoCompany("株式会社はるかホテルズ", _JA, "JP", "haruka-hotels", "tokyo"),
    DemoCompany("大和テクノサービス株式会社", _JA, "JP", "daiwa-techno", "tokyo"),
    DemoCompany("上海东方数码有限公司", _ZH, "CN", "dongfang-digital", "shanghai"),
    DemoCompany("深圳华信科技有限公司", _ZH, "CN", "huaxin-tech", "shenzhen"),
    DemoCompany("北京云桥网络技术有限公司", _ZH, "CN", "yunqiao-net", "beijing"),
    DemoCompany("广州南方贸易有限公司", _ZH, "CN", "nanfang-trade", "guangzhou"),
    DemoCompany("杭州西湖软件有限公司", _ZH, "CN", "xihu-soft", "hangzhou"),
    DemoCompany("苏州精工电子有限公司", _ZH, "CN", "jinggong-elec", "suzhou"),
    DemoCompany("成都天府物流有限公司", _ZH, "CN", "tianfu-logistics", "chengdu"),
    DemoCompany("Bluewater Analytics Inc.", _EN, "US", "bluewater", "new-york"),
    DemoCompany("Redwood Medical Devices LLC", _EN, "US", "redwood-med", "san-francisco"),
    DemoCompany("Harbor Point Logistics Inc.", _EN, "US", "harborpoint", "boston"),
    DemoCompany("Summit Ridge Software Corp.", _EN, "US", "summitridge", "seattle"),
    DemoCompany("Thames Valley Engineering Ltd", _EN, "GB", "thamesvalley", "london"),
    DemoCompany("Kingsbridge Retail plc", _EN, "GB", "kingsbridge", "manchester"),
    DemoCompany("Northgate Publishing Ltd", _EN, "GB", "northgate", "london"),
)

# (written name, romanised for the e-mail address)
_JA_FAMILY = (("山田", "yamada"), ("田中", "tanaka"), ("伊藤", "ito"), ("渡辺", "watanabe"),
              ("小林", "kobayashi"), ("加藤", "kato"), ("吉田", "yoshida"), ("山本", "yamamoto"),
              ("松本", "matsumoto"), ("井上", "inoue"), ("木村", "kimura"), ("林", "hayashi"),
              ("清水", "shimizu"), ("森", "mori"), ("池田", "ikeda"), ("橋本", "hashimoto"),
              ("石川", "ishikawa"), ("前田", "maeda"), ("藤田", "fujita"), ("岡田", "okada"))
_JA_GIVEN = (("太郎", "taro"), ("花子", "hanako"), ("健太", "kenta"), ("陽子", "yoko"),
             ("翔", "sho"), ("美穂", "miho"), ("大輔", "daisuke"), ("真由美", "mayumi"),
             ("拓也", "takuya"), ("恵", "megumi"), ("直樹", "naoki"), ("由紀", "yuki"),
             ("浩二", "koji"), ("彩", "aya"), ("隆", "takashi"), ("智子", "tomoko"))
_ZH_FAMILY = (("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
              ("杨", "yang"), ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"),
              ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
              ("郭", "guo"))
_ZH_GIVEN = (("伟", "wei"), ("娜", "na"), ("静", "jing"), ("敏", "min"), ("强", "qiang"),
             ("磊", "lei"), ("洋", "yang"), ("艳", "yan"), ("勇", "yong"), ("军", "jun"),
             ("杰", "jie"), ("婷", "ting"), ("晓明", "xiaoming"), ("建华", "jianhua"),
             ("海燕", "haiyan"), ("志强", "zhiqiang"))
_EN_GIVEN = ("Emily", "James", "Olivia", "Michael", "Sophie", "Hannah", "Robert", "Grace",
             "Thomas", "Laura", "David", "Chloe", "Matthew", "Rachel", "Andrew", "Megan")
_EN_FAMILY = ("Clark", "Wilson", "Taylor", "Harris", "Walker", "Wright", "Turner", "Hughes",
              "Parker", "Evans", "Bennett", "Foster", "Reed", "Carter", "Morgan", "Hayes")

# (queue, title, description) in the customer's language
_TOPICS: dict[Language, tuple[tuple[str, str, str], ...]] = {
    Language.JA: (
        ("Printers", "プリンターが起動しない",
         "電源を入れてもランプが点滅したまま起動しない。昨日の停電後から発生。"),
        ("Printers", "印刷がかすれる", "トナー交換後も全ページで文字がかすれる。"),
        ("Printers", "紙詰まりエラーが消えない", "用紙を取り除いてもエラーE-203が表示される。"),
        ("Network", "VPNに接続できない", "在宅勤務の社員5名がVPNに接続できない。"),
        ("Network", "社内Wi-Fiが頻繁に切断される", "3階会議室で10分おきに切断される。"),
        ("Network", "ファイルサーバーにアクセスできない", "共有フォルダが開けないとの連絡。"),
        ("Licensing", "ライセンス更新の手続きについて", "来月末で期限切れ。見積もり希望。"),
        ("Licensing", "ライセンスキーが無効と表示される", "新しいPCへの移行後に発生。"),
        ("Hardware", "複合機のスキャナーが動作しない", "スキャン開始直後にエラーで停止する。"),
        ("Software", "アップデート後にアプリが起動しない", "バージョン4.2へ更新後に起動不可。"),
        ("Billing", "請求書の金額が見積もりと異なる", "保守費用が二重に計上されている模様。"),
        ("Translation", "英語マニュアルの翻訳依頼", "設定手順書(英語版)の日本語訳を希望。"),
    ),
    Language.ZH: (
        ("Network", "服务器无法连接", "从今天早上开始，所有客户端都无法连接到主服务器。"),
        ("Network", "VPN连接频繁中断", "分公司的VPN每隔几分钟断开一次。"),
        ("Printers", "打印机无法启动", "打印机开机后指示灯一直闪烁，无法正常使用。"),
        ("Printers", "打印时出现卡纸错误", "已清理纸张，但仍然显示卡纸错误。"),
        ("Licensing", "许可证即将到期，需要续订", "许可证下个月到期，请提供续订报价。"),
        ("Licensing", "激活码无效", "在新电脑上输入激活码时提示无效。"),
        ("Software", "系统升级后数据库报错", "升级到4.2版本后，报表模块出现数据库错误。"),
        ("Hardware", "扫描仪无法识别", "连接电脑后，扫描仪无法被系统识别。"),
        ("Translation", "需要日文技术文档的中文翻译", "请协助翻译日方提供的设备维护手册。"),
        ("Billing", "发票信息需要更正", "发票抬头有误，需要重新开具。"),
    ),
    Language.EN: (
        ("Licensing", "License renewal question", "Licence expires end of next month; "
         "customer asks about multi-year pricing."),
        ("Licensing", "Activation key rejected on new laptop", "Key worked on the old machine."),
        ("Network", "Cannot reach the file server from the branch office",
         "Branch users get a timeout; head office is fine."),
        ("Network", "Slow VPN from the branch office", "Throughput drops below 1 Mbit/s."),
        ("Printers", "Printer shows offline after firmware update",
         "Updated to firmware 3.1 yesterday; all print jobs queue up."),
        ("Printers", "Streaks on every printed page", "Drum replaced last month."),
        ("Software", "Login loop after password reset", "Users are sent back to the login page."),
        ("Hardware", "Replacement toner not received", "Order placed two weeks ago."),
        ("Billing", "Duplicate charge on last invoice", "Maintenance fee billed twice."),
        ("Translation", "Japanese invoice needs an English translation",
         "Finance team needs the Japanese invoice explained line by line."),
    ),
}

# Notes written after talking to the customer, and notes written at the desk between calls.
_CALL_NOTES: dict[Language, tuple[str, ...]] = {
    Language.JA: (
        "お客様より電話。現象を確認しました。",
        "再起動手順をご案内。改善せず、エンジニアに確認します。",
        "リモートで設定を修正、正常動作を確認しました。",
        "お客様の回答待ち。明日折り返し予定。",
        "エンジニア訪問日程を調整中(候補: 木曜午後)。",
        "お客様より解決の連絡あり。クローズ予定。",
    ),
    Language.ZH: (
        "客户来电，已确认问题现象。",
        "已远程协助重启服务，问题暂时解决。",
        "已请客户提供日志文件，等待回复。",
        "客户确认问题已解决，可以关闭。",
        "已安排工程师下周二上门检查。",
    ),
    Language.EN: (
        "Customer called; confirmed the issue persists after a restart.",
        "Walked the customer through the reset steps; working again.",
        "Asked for the event logs; waiting for the customer.",
        "Customer confirmed it is fixed; resolving.",
        "Explained the Japanese invoice line by line.",
    ),
}
_DESK_NOTES: dict[Language, tuple[str, ...]] = {
    Language.JA: (
        "部品を手配しました。到着予定は明日午前です。",
        "ログを受領。開発チームへ調査を依頼済み。",
        "担当者不在のため、留守電にメッセージを残しました。",
        "見積書をメールで送付しました。",
        "開発チームより回答あり。次回リリースで修正予定。",
    ),
    Language.ZH: (
        "已将问题升级给东京的工程师。",
        "已发送续订报价单到客户邮箱。",
        "回电未接通，已发送短信通知。",
        "已为客户翻译日文维护手册的第3章。",
    ),
    Language.EN: (
        "Escalated to the Tokyo engineering team.",
        "Sent the renewal quote by e-mail.",
        "Left a voicemail, will try again tomorrow morning.",
        "Replacement part dispatched, tracking number sent.",
    ),
}

# Japanese for a few notes, so the demo's translation queue has done rows as well as waiting.
_INTO_JAPANESE = {
    "已将问题升级给东京的工程师。": "東京のエンジニアにエスカレーションしました。",
    "客户来电，已确认问题现象。": "お客様より電話。現象を確認しました。",
    "已请客户提供日志文件，等待回复。": "お客様にログファイルの提供を依頼済み。回答待ちです。",
    "Escalated to the Tokyo engineering team.":
        "東京のエンジニアチームにエスカレーションしました。",
    "Asked for the event logs; waiting for the customer.":
        "イベントログの提供を依頼済み。お客様の回答待ちです。",
    "Customer called; confirmed the issue persists after a restart.":
        "お客様より電話。再起動後も現象が続くことを確認しました。",
}
TRANSLATIONS_WAITING = 9
TRANSLATIONS_DONE = 4

_QUEUE_TRANSFER = {"Printers": "printers", "Network": "network", "Licensing": "licensing",
                   "Translation": "translation", "Hardware": "hardware",
                   "Software": "software", "Billing": "billing"}


def store_is_empty(store: Store) -> bool:
    """No customers and no SRs: a fresh store that demo data may go into."""
    with store.session() as session:
        return (session.scalar(select(Customer.id).limit(1)) is None
                and session.scalar(select(Case.id).limit(1)) is None)


def load_demo_data(store: Store, *, seed: int = 2026, now: datetime | None = None
                   ) -> DemoSummary:
    """Fill an empty store with the demo data set, in one transaction.

    Raises ``ValueError`` on a store that already has customers or SRs: demo rows must never
    mix with real ones.
    """
    now = (now or utcnow()).astimezone(UTC)
    if not store_is_empty(store):
        raise ValueError("demo data goes into an empty store only")
    with store.session() as session:
        # Demo rows stay on this PC: the sync's outbox triggers are paused while they go in.
        session.add(SyncPause(id=1))
        session.flush()
        existing = {a.sip_identity: a for a in session.scalars(select(Agent))}
        builder = _Builder(random.Random(seed), now, existing)  # noqa: S311 - not secrets
        builder.build()
        # Staged flushes: the rows are linked by foreign-key columns, not relationships, so
        # the unit of work would not know to insert parents first.
        for batch in builder.batches():
            session.add_all(batch)
            session.flush()
        for year, last in builder.counters.items():
            counter = session.get(CaseCounter, year)
            if counter is None:
                session.add(CaseCounter(year=year, last=last))
            else:
                counter.last = max(counter.last, last)
        session.execute(delete(SyncPause))
    return builder.summary()


@dataclass
class _Case:
    row: Case
    contact: _Contact
    end: datetime  # no call or note after this: closed cases stop here, open ones at now


@dataclass
class _Contact:
    row: Contact
    company: DemoCompany
    customer: Customer
    numbers: list[PhoneNumber] = field(default_factory=list)


class _Builder:
    def __init__(self, rng: random.Random, now: datetime, existing: dict[str, Agent]) -> None:
        self.rng = rng
        # Ids from their own stream, so adding a row type later does not reshuffle the data.
        self.id_rng = random.Random(rng.getrandbits(64))  # noqa: S311 - not secrets
        self.now = now
        self.existing = existing
        self.agents: list[Agent] = []
        self.new_agents: list[Agent] = []
        self.customers: list[Customer] = []
        self.contacts: list[_Contact] = []
        self.numbers: list[PhoneNumber] = []
        self.cases: list[_Case] = []
        self.calls: list[CallLog] = []
        self.notes: list[Note] = []
        self.translated: list[Note] = []
        self.requests: list[TranslationRequest] = []
        self.counters: dict[int, int] = {}
        self.keys: set[str] = set()  # match keys given out: one number, one owner

    # -- output

    def batches(self) -> list[Sequence[object]]:
        return [
            [*self.new_agents, *self.customers],
            [c.row for c in self.contacts],
            [*self.numbers, *(c.row for c in self.cases)],
            self.calls,
            self.notes,
            self.translated,  # after their sources: they point at them
            self.requests,
        ]

    def summary(self) -> DemoSummary:
        return DemoSummary(customers=len(self.customers), contacts=len(self.contacts),
                           numbers=len(self.numbers), cases=len(self.cases),
                           call_logs=len(self.calls),
                           notes=len(self.notes) + len(self.translated),
                           agents=len(self.new_agents))

    # -- helpers

    def new_id(self, at: datetime) -> uuid.UUID:
        """A UUIDv7 like models.new_id, but stamped with the row's own time and seeded."""
        millis = int(at.timestamp() * 1000) & ((1 << 48) - 1)
        value = millis << 80 | self.id_rng.getrandbits(80)
        value = (value & ~(0xF << 76)) | 0x7 << 76
        value = (value & ~(0x3 << 62)) | 0x2 << 62
        return uuid.UUID(int=value)

    def office_time(self, earliest: datetime, latest: datetime) -> datetime:
        """A weekday moment in Tokyo office hours between the two (any moment if none fits)."""
        span = (latest - earliest).total_seconds()
        if span <= 0:
            return latest
        for _ in range(20):
            at = earliest + timedelta(seconds=self.rng.uniform(0, span))
            local = at.astimezone(JST)
            if local.weekday() >= 5:
                continue
            if not 9 <= local.hour < 18:
                local = local.replace(hour=self.rng.randint(9, 17),
                                      minute=self.rng.randint(0, 59))
                at = local.astimezone(UTC)
            if earliest <= at <= latest:
                return at
        return earliest + timedelta(seconds=self.rng.uniform(0, span))

    def days_ago(self, most: float, least: float = 0.0) -> datetime:
        return self.office_time(self.now - timedelta(days=most), self.now - timedelta(days=least))

    def digits(self, count: int, first: str = "23456789") -> str:
        return self.rng.choice(first) + "".join(
            self.rng.choice("0123456789") for _ in range(count - 1))

    def language_agents(self, language: Language) -> list[Agent]:
        return [a for a in self.agents if language.value in a.languages.split(",")]

    # -- numbers, as customers give them

    def landline(self, city: str) -> str:
        # Japan and China have no numbers reserved for fiction; a local number that starts
        # with 0 is never given out there (0 is the trunk prefix), so these ring nobody.
        rng = self.rng

        def d(count: int, first: str = "0") -> str:
            return self.digits(count, first)

        match city:
            case "tokyo" | "osaka":
                area = "03" if city == "tokyo" else "06"
                return rng.choice([f"{area}-{d(4)}-{d(4, '0123456789')}",
                                   f"{area}({d(4)}){d(4, '0123456789')}",
                                   f"+81 {area[1]}-{d(4)}-{d(4, '0123456789')}"])
            case "yokohama" | "nagoya" | "fukuoka":
                area = {"yokohama": "045", "nagoya": "052", "fukuoka": "092"}[city]
                return f"{area}-{d(3)}-{d(4, '0123456789')}"
            case "shanghai" | "beijing" | "guangzhou" | "chengdu":
                area = {"shanghai": "21", "beijing": "10", "guangzhou": "20",
                        "chengdu": "28"}[city]
                return rng.choice([f"0{area}-{d(4)}-{d(4, '0123456789')}",
                                   f"+86 {area} {d(4)} {d(4, '0123456789')}"])
            case "shenzhen" | "hangzhou" | "suzhou":
                area = {"shenzhen": "755", "hangzhou": "571", "suzhou": "512"}[city]
                return rng.choice([f"0{area}-{d(4)}-{d(4, '0123456789')}",
                                   f"+86 {area} {d(4)} {d(4, '0123456789')}"])
            case "new-york" | "san-francisco" | "boston" | "seattle":
                # 555-0100..0199: reserved for fiction, never rings anyone.
                area = {"new-york": "212", "san-francisco": "415", "boston": "617",
                        "seattle": "206"}[city]
                line = f"01{rng.randint(0, 99):02d}"
                return rng.choice([f"({area}) 555-{line}", f"{area}-555-{line}",
                                   f"+1 {area} 555 {line}"])
            case "london":
                # Ofcom's drama range 020 7946 0000..0999.
                line = f"0{rng.randint(0, 999):03d}"
                return rng.choice([f"020 7946 {line}", f"+44 20 7946 {line}"])
            case "manchester":
                return f"0161 496 0{rng.randint(0, 999):03d}"  # Ofcom drama range
        raise ValueError(city)

    def mobile(self, region: str) -> str:
        rng, d = self.rng, self.digits
        match region:
            case "JP":
                return f"0{rng.choice('789')}0-{d(4, '0')}-{d(4, '0123456789')}"
            case "CN":
                prefix = rng.choice(["138", "139", "136", "150", "158", "186"])
                return rng.choice([f"{prefix} {d(4, '0123456789')} {d(4, '0123456789')}",
                                   f"+86 {prefix} {d(4, '0123456789')} {d(4, '0123456789')}"])
            case "US":
                area = rng.choice(["646", "917", "650", "857", "425"])
                return f"({area}) 555-01{rng.randint(0, 99):02d}"
            case "GB":
                return f"07700 900{rng.randint(0, 999):03d}"  # Ofcom drama range
        raise ValueError(region)

    def add_number(self, region: str, make: str, label: str, *, created: datetime,
                   contact: Contact | None = None, customer: Customer | None = None
                   ) -> PhoneNumber:
        for _ in range(50):
            raw = self.landline(make) if label != "mobile" else self.mobile(region)
            if label == "mobile" and region != "JP" and self.rng.random() < 0.15:
                # Expatriate staff at the Tokyo branch: a Japanese mobile, written for abroad.
                raw = "+81 " + self.mobile("JP")[1:]
            number = normalize(raw, region)
            if number.match_key and number.match_key not in self.keys:
                break
        else:  # pragma: no cover - fifty collisions in a sparse space do not happen
            raise RuntimeError("could not make a unique demo number")
        self.keys.add(number.match_key)
        row = PhoneNumber(id=self.new_id(created), raw=number.raw, e164=number.e164,
                          match_key=number.match_key, label=label,
                          contact_id=contact.id if contact else None,
                          customer_id=customer.id if customer else None)
        self.numbers.append(row)
        return row

    # -- the data set

    def build(self) -> None:
        self.build_agents()
        self.build_customers()
        self.build_cases()
        self.build_calls()
        self.build_notes()
        self.build_translations()
        touched = {c.row.id: c.row for c in self.cases}
        for call in self.calls:  # an SR shows as touched by its latest call (notes: add_note)
            if call.case_id is not None and call.ended_at is not None:
                row = touched[call.case_id]
                row.updated_at = max(row.updated_at, call.ended_at)

    def build_agents(self) -> None:
        for spec in AGENTS:
            identity = f"{spec.user}@{SIP_DOMAIN}"
            agent = self.existing.get(identity)
            if agent is None:
                created = self.now - timedelta(days=self.rng.randint(200, 900))
                agent = Agent(id=self.new_id(created), name=spec.name, sip_identity=identity,
                              team=spec.team, role=spec.role, languages=spec.languages,
                              created_at=created)
                self.new_agents.append(agent)
            self.agents.append(agent)

    def build_customers(self) -> None:
        rng = self.rng
        codes = rng.sample(range(100000, 999999), len(COMPANIES))
        # Exactly CONTACTS people, two or three per company.
        extra = CONTACTS - 2 * len(COMPANIES)
        threes = set(rng.sample(range(len(COMPANIES)), extra))
        names: set[str] = set()
        for index, (company, code) in enumerate(zip(COMPANIES, codes, strict=True)):
            created = self.now - timedelta(days=rng.randint(120, 1500))
            customer = Customer(id=self.new_id(created), code=f"C-{code}",
                                company=company.company, language=company.language,
                                created_at=created, updated_at=created)
            self.customers.append(customer)
            if rng.random() < 0.6:  # a main line, rung by whoever is at the front desk
                self.add_number(company.region, company.city, "main", created=created,
                                customer=customer)
            for _ in range(3 if index in threes else 2):
                self.contacts.append(self.make_contact(company, customer, names))

    def make_contact(self, company: DemoCompany, customer: Customer, names: set[str]
                     ) -> _Contact:
        rng = self.rng
        while True:
            if company.language is Language.JA:
                (family, fam_r), (given, giv_r) = (rng.choice(_JA_FAMILY),
                                                   rng.choice(_JA_GIVEN))
                name, local = f"{family} {given}", f"{giv_r[0]}.{fam_r}"
            elif company.language is Language.ZH:
                (family, fam_r), (given, giv_r) = (rng.choice(_ZH_FAMILY),
                                                   rng.choice(_ZH_GIVEN))
                name, local = f"{family}{given}", f"{fam_r}.{giv_r}"
            else:
                given, family = rng.choice(_EN_GIVEN), rng.choice(_EN_FAMILY)
                name, local = f"{given} {family}", f"{given}.{family}".lower()
            if name not in names:
                names.add(name)
                break
        created = customer.created_at + timedelta(days=rng.randint(0, 100))
        created = min(created, self.now - timedelta(days=CASE_DAYS + 1))
        email = f"{local}@{company.domain}.example" if rng.random() < 0.85 else None
        row = Contact(id=self.new_id(created), customer_id=customer.id, name=name,
                      language=company.language, email=email,
                      created_at=created, updated_at=created)
        contact = _Contact(row, company, customer)
        labels = rng.choice([["office"], ["office", "mobile"], ["office", "mobile"],
                             ["mobile"], ["office", "mobile", "direct"]])
        for label in labels:
            contact.numbers.append(self.add_number(company.region, company.city, label,
                                                   created=created, contact=row))
        return contact

    def build_cases(self) -> None:
        rng = self.rng
        people = list(self.contacts)
        rng.shuffle(people)
        # Who has what: several open SRs (the screen-pop ranks them), exactly one, only
        # closed ones, none at all.
        plan: list[tuple[_Contact, int, int]] = []
        plan += [(c, rng.randint(2, 3), rng.randint(0, 1)) for c in people[:8]]
        plan += [(c, 1, rng.randint(0, 2)) for c in people[8:24]]
        plan += [(c, 0, rng.randint(1, 3)) for c in people[24:40]]
        open_count = sum(p[1] for p in plan)
        closed_count = CASES - open_count
        # Closed SRs are spread as far as they go, then trimmed or topped up to the total.
        closed = [p[2] for p in plan]
        while sum(closed) > closed_count:
            i = max(range(len(closed)), key=lambda k: (closed[k], k))
            closed[i] -= 1
        spare = people[40:]
        while sum(closed) < closed_count:
            if spare:
                plan.append((spare.pop(), 0, 0))
                closed.append(1)
            else:
                closed[rng.randrange(len(closed))] += 1
        statuses_open = _pool(rng, open_count, list(OPEN_STATUSES), [2, 5, 3, 1])
        statuses_closed = _pool(rng, closed_count, [CaseStatus.RESOLVED, CaseStatus.CLOSED],
                                [1, 2])
        priorities = _pool(rng, CASES, list(Priority), [1, 3, 6, 3])
        drafts: list[tuple[_Contact, CaseStatus]] = []
        for (contact, opened, _), shut in zip(plan, closed, strict=True):
            drafts += [(contact, statuses_open.pop()) for _ in range(opened)]
            drafts += [(contact, statuses_closed.pop()) for _ in range(shut)]
        topics: dict[uuid.UUID, list[tuple[str, str, str]]] = {}
        for contact, status in drafts:
            language = contact.company.language
            pool = topics.setdefault(contact.row.id, [])
            if not pool:  # no two SRs of one person about the same thing, while it lasts
                pool += rng.sample(_TOPICS[language], len(_TOPICS[language]))
            queue, title, description = pool.pop()
            self.cases.append(self.make_case(contact, status, priorities.pop(), queue, title,
                                             description))
        self.number_cases()

    def make_case(self, contact: _Contact, status: CaseStatus, priority: Priority, queue: str,
                  title: str, description: str) -> _Case:
        rng = self.rng
        most, least = {CaseStatus.NEW: (3, 0), CaseStatus.OPEN: (30, 1),
                       CaseStatus.PENDING_CUSTOMER: (40, 3), CaseStatus.ESCALATED: (20, 1),
                       CaseStatus.RESOLVED: (45, 2), CaseStatus.CLOSED: (CASE_DAYS, 10)}[status]
        created = self.days_ago(most, least)
        if status.is_open:
            updated = self.office_time(created, self.now)
            end = self.now
        else:
            updated = self.office_time(created + timedelta(days=1),
                                       min(self.now, created + timedelta(days=14)))
            end = updated
        confirmed = rng.random() < (0.15 if status is CaseStatus.NEW else 0.7)
        confirmed = confirmed or priority is Priority.P1
        confirmed_at = None
        if confirmed:
            confirmed_at = min(created + timedelta(minutes=rng.randint(3, 240)), end)
        language = contact.company.language
        owner = rng.choice(self.language_agents(language))
        row = Case(id=self.new_id(created), number="", title=title, description=description,
                   status=status, priority=priority, priority_confirmed=confirmed,
                   priority_confirmed_at=confirmed_at, language=language, queue=queue,
                   customer_id=contact.customer.id, contact_id=contact.row.id,
                   owner_id=None if status is CaseStatus.NEW and rng.random() < 0.5
                   else owner.id,
                   created_at=created, updated_at=updated)
        return _Case(row, contact, end)

    def number_cases(self) -> None:
        """SR numbers in order of creation, per UTC year (as service.allocate_number does)."""
        rng = self.rng
        self.cases.sort(key=lambda c: c.row.created_at)
        for case in self.cases:
            created = case.row.created_at
            year = created.year
            if year not in self.counters:
                # Other stores took numbers before: start where a year of SRs would be.
                day = created.timetuple().tm_yday
                self.counters[year] = 40 * day + rng.randint(0, 40)
            self.counters[year] += rng.randint(1, 4)
            case.row.number = f"SR-{year}-{self.counters[year]:06d}"

    def build_calls(self) -> None:
        rng = self.rng
        since = self.now - timedelta(days=CALL_DAYS)
        # Leave room for the call and its wrap-up note before now.
        latest = self.now - timedelta(minutes=45)
        active = [c for c in self.cases if min(c.end, latest) > max(c.row.created_at, since)]
        weights = [3 if c.row.status.is_open else 1 for c in active]
        strangers = 4 + 3  # missed calls, then wrong numbers and sales calls
        known_no_case = 5
        for n in range(CALLS):
            if n < strangers:
                self.stranger_call(since, latest, answered=n >= 4)
            elif n < strangers + known_no_case:
                contact = rng.choice(self.contacts)
                self.add_call(self.office_time(since, latest), contact, None)
            else:
                case = rng.choices(active, weights)[0]
                start = self.office_time(max(case.row.created_at, since),
                                         min(case.end, latest))
                self.add_call(start, case.contact, case)
        self.calls.sort(key=lambda c: c.started_at)
        for n, call in enumerate(self.calls, 1):  # numbered as an engine would: in time order
            call.engine_call_id = f"demo-{n}"

    def stranger_call(self, since: datetime, latest: datetime, *, answered: bool
                      ) -> None:
        rng = self.rng
        region = rng.choice(["JP", "JP", "CN", "US"])
        raw = self.mobile(region) if region != "JP" else rng.choice(
            [self.mobile("JP"), self.landline("tokyo")])
        number = normalize(raw, region)
        start = self.office_time(since, latest)
        agent = rng.choice(self.agents)
        ring = rng.uniform(4, 35)
        row = self.call_row(Direction.INBOUND, start, agent, raw, number.e164,
                            number.match_key)
        row.matched_by = MatchedBy.NONE
        if answered:
            talk = rng.uniform(15, 90)
            self.finish(row, ring, talk, 0.0, Outcome.ANSWERED, "local_hangup", 200)
            row.disposition_code = rng.choice(["wrong-number", "spam"])
        else:
            self.finish(row, ring, 0.0, 0.0, Outcome.MISSED, "missed", 487)
        self.calls.append(row)

    def add_call(self, start: datetime, contact: _Contact, case: _Case | None) -> None:
        rng = self.rng
        language = contact.company.language
        inbound = rng.random() < 0.65
        direction = Direction.INBOUND if inbound else Direction.OUTBOUND
        owner = next((a for a in self.agents if case and a.id == case.row.owner_id), None)
        if owner is None or rng.random() < 0.3:
            owner = rng.choice(self.language_agents(language))
        phone = rng.choice(contact.numbers)
        row = self.call_row(direction, start, owner, phone.raw, phone.e164, phone.match_key)
        row.display_name = contact.row.name
        row.contact_id = contact.row.id
        row.customer_id = contact.customer.id
        if case is not None:
            row.case_id = case.row.id
            if not inbound:
                row.matched_by = MatchedBy.DIALLED_FROM_CASE
                row.match_detail = f"dialled from {case.row.number}"
            elif rng.random() < 0.2:  # came through the IVR, which asked for the SR number
                row.matched_by = MatchedBy.CASE_HEADER
                row.match_detail = f"X-Case-Number: {case.row.number}"
            else:
                row.matched_by = MatchedBy.NUMBER
                row.match_detail = f"number {phone.match_key} -> {contact.row.name}"
        else:
            row.matched_by = MatchedBy.NUMBER
            row.match_detail = f"number {phone.match_key} -> {contact.row.name}"
        fate = rng.random()
        ring = rng.uniform(3, 18)
        # Median ~4.5 min; capped so that every call has ended well before now.
        talk = min(rng.lognormvariate(5.6, 0.7), 1800.0)
        hold = rng.uniform(20, min(300, talk / 2)) if rng.random() < 0.25 else 0.0
        if inbound and fate < 0.12:
            self.finish(row, rng.uniform(15, 40), 0, 0, Outcome.MISSED, "missed", 487)
        elif inbound and fate < 0.17:
            self.finish(row, rng.uniform(2, 10), 0, 0, Outcome.REJECTED, "rejected",
                        rng.choice([486, 603]))
        elif not inbound and fate < 0.2:
            reason, status = rng.choice([("unreachable", 480), ("busy", 486),
                                         ("declined", 603)])
            self.finish(row, rng.uniform(10, 30), 0, 0, Outcome.FAILED, reason, status)
            row.disposition_code = "no-answer"
        elif inbound and fate < 0.25:
            target = _QUEUE_TRANSFER.get(case.row.queue, "hub") if case else "hub"
            row.transferred_to = f"sip:{target}@{SIP_DOMAIN}"
            self.finish(row, ring, rng.uniform(30, 120), 0, Outcome.TRANSFERRED,
                        "transferred", 200)
            row.disposition_code = "transferred"
        else:
            hang = rng.choice(["local_hangup", "remote_hangup"])
            self.finish(row, ring, talk, hold, Outcome.ANSWERED, hang, 200)
            row.disposition_code = self.disposition(case, talk)
        self.calls.append(row)

    def disposition(self, case: _Case | None, talk: float) -> str:
        rng = self.rng
        if talk < 40 and rng.random() < 0.3:
            return "dropped"
        if case is None:
            return rng.choice(["info-provided", "follow-up", "callback-scheduled"])
        if case.row.language is not Language.JA and rng.random() < 0.15:
            return "translation"
        match case.row.status:
            case CaseStatus.RESOLVED | CaseStatus.CLOSED:
                return rng.choice(["resolved-on-call", "info-provided", "status-update"])
            case CaseStatus.ESCALATED:
                return rng.choice(["escalated", "parts-dispatched", "status-update"])
            case CaseStatus.PENDING_CUSTOMER:
                return rng.choice(["follow-up", "callback-scheduled", "info-provided"])
            case _:
                return rng.choice(["info-provided", "follow-up", "callback-scheduled",
                                   "parts-dispatched", "resolved-on-call", "status-update"])

    def call_row(self, direction: Direction, start: datetime, agent: Agent, raw: str,
                 e164: str | None, key: str) -> CallLog:
        user = e164 or key or raw
        return CallLog(
            id=self.new_id(start), direction=direction, engine_call_id="",
            sip_call_id=f"{self.id_rng.getrandbits(64):016x}@demo.{SIP_DOMAIN}",
            account=agent.sip_identity, remote_uri=f"sip:{user}@pbx.{SIP_DOMAIN}",
            number_raw=raw, number_e164=e164, number_key=key, started_at=start,
            agent_id=agent.id,
        )

    def finish(self, row: CallLog, ring: float, talk: float, hold: float, outcome: Outcome,
               reason: str, status: int) -> None:
        """Times as calls.CallLogService leaves them: talk excludes hold; ended, never live."""
        ring, talk, hold = round(ring, 1), round(talk, 1), round(hold, 1)
        row.ring_seconds = ring
        if talk > 0:
            row.answered_at = row.started_at + timedelta(seconds=ring)
            row.ended_at = row.answered_at + timedelta(seconds=talk + hold)
        else:
            row.ended_at = row.started_at + timedelta(seconds=ring)
        row.talk_seconds = talk
        row.hold_seconds = hold
        row.last_alive_at = row.ended_at
        row.outcome = outcome
        row.end_reason = reason
        row.sip_status = status

    def build_notes(self) -> None:
        rng = self.rng
        cases = {c.row.id: c for c in self.cases}
        # Wrap-up notes, written while or just after talking.
        talked = [(c, cases[c.case_id], c.ended_at) for c in self.calls
                  if c.case_id is not None and c.ended_at is not None and c.answered_at]
        for call, case, ended in rng.sample(talked, min(len(talked), NOTES // 2)):
            at = min(ended + timedelta(seconds=rng.randint(20, 400)), self.now)
            author = next(a for a in self.agents if a.id == call.agent_id)
            self.add_note(case, at, author, call)
        # The rest: follow-ups written between calls.
        while len(self.notes) < NOTES:
            case = rng.choice(self.cases)
            at = self.office_time(case.row.created_at + timedelta(minutes=5), case.end)
            author = rng.choice(self.language_agents(case.row.language))
            self.add_note(case, at, author, None)
        self.notes.sort(key=lambda n: n.created_at)

    def build_translations(self) -> None:
        """Chinese and English notes on open SRs, asked for in Japanese for the Tokyo
        engineers: the newest few still wait, a few older ones are done."""
        open_cases = {c.row.id: c for c in self.cases if c.row.status in OPEN_STATUSES}
        foreign = [n for n in reversed(self.notes)
                   if n.case_id in open_cases and n.language is not Language.JA]
        japanese = self.language_agents(Language.JA)
        done = 0
        for note in foreign:
            if len(self.requests) >= TRANSLATIONS_WAITING + TRANSLATIONS_DONE:
                break
            asked = min(note.created_at + timedelta(minutes=self.rng.randint(2, 30)), self.now)
            request = TranslationRequest(
                id=self.new_id(asked), case_id=note.case_id, note_id=note.id,
                source_language=note.language, target_language=Language.JA,
                source_text=note.body, requested_by=note.author_id, requested_at=asked)
            text = _INTO_JAPANESE.get(note.body)
            waiting = len(self.requests) - done < TRANSLATIONS_WAITING
            if text is not None and done < TRANSLATIONS_DONE and not waiting:
                at = min(asked + timedelta(minutes=self.rng.randint(10, 90)), self.now)
                translation = Note(id=self.new_id(at), case_id=note.case_id, body=text,
                                   language=Language.JA, translation_of=note.id,
                                   author_id=self.rng.choice(japanese).id, created_at=at)
                self.translated.append(translation)
                request.translation_id, request.done_at = translation.id, at
                done += 1
            elif not waiting:
                continue  # only the translatable ones are shown as done
            self.requests.append(request)

    def add_note(self, case: _Case, at: datetime, author: Agent, call: CallLog | None) -> None:
        language = case.row.language
        # Bilingual desks leave the odd internal note in Japanese for the Tokyo engineers.
        if (language is not Language.JA and "ja" in author.languages.split(",")
                and self.rng.random() < 0.2):
            language = Language.JA
        texts = _CALL_NOTES if call is not None else _DESK_NOTES
        self.notes.append(Note(id=self.new_id(at), case_id=case.row.id,
                               call_log_id=call.id if call else None,
                               body=self.rng.choice(texts[language]), language=language,
                               author_id=author.id, created_at=at))
        case.row.updated_at = max(case.row.updated_at, at)


def _pool(rng: random.Random, size: int, values: list[T], weights: list[int]) -> list[T]:
    """``size`` values, each of ``values`` at least once, the rest drawn by weight, shuffled."""
    chosen = list(values[:size]) + rng.choices(values, weights, k=max(0, size - len(values)))
    rng.shuffle(chosen)
    return chosen
