"""The parameter registry: every model input declared once, with its metadata.

Widgets, the scenario schema, the CLI's ``params`` listing and the table in docs/MODEL.md are
all generated from ``REGISTRY``. A parameter is one of three kinds:

* ``lever``      - what the jurisdiction decides (program models, officers, safeguards);
* ``assumption`` - how the world responds (uncertain; most carry a low/central/high range);
* ``context``    - facts about the jurisdiction (population, baselines, prices).

``source`` names a row of ../shared/evidence.md, or says "assumption" where no published
figure exists. ``grade`` is one of GRADES.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("lever", "assumption", "context")
GRADES = ("strong", "moderate", "weak", "contested", "assumption", "input")
GROUPS = {
    "jurisdiction": "Your jurisdiction",
    "program": "Program design",
    "safeguards": "Safeguards",
    "reach": "Enforcement reach",
    "trust": "Trust and reporting",
    "safety": "Public safety",
    "cost": "Costs and reimbursement",
    "equity": "Equity and profiling",
}


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    group: str
    kind: str
    unit: str
    default: Any
    description: str
    source: str
    grade: str
    min: float | None = None
    max: float | None = None
    step: float | None = None
    choices: tuple | None = None
    uncertainty: tuple[float, float, float] | None = None  # (low, central, high)
    integer: bool = False

    @property
    def is_bool(self) -> bool:
        return self.choices == (False, True)

    @property
    def is_choice(self) -> bool:
        return self.choices is not None and not self.is_bool

    @property
    def is_numeric(self) -> bool:
        return self.choices is None

    def allowed(self) -> str:
        """Plain words for what values this parameter accepts (used in error messages)."""
        if self.is_bool:
            return "true or false"
        if self.is_choice:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = "an integer" if self.integer else "a number"
        return f"{kind} from {_fmt(self.min)} to {_fmt(self.max)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "group": self.group,
            "kind": self.kind,
            "unit": self.unit,
            "default": self.default,
            "min": self.min,
            "max": self.max,
            "step": self.step,
            "choices": list(self.choices) if self.choices is not None else None,
            "description": self.description,
            "source": self.source,
            "grade": self.grade,
            "uncertainty": (
                dict(zip(("low", "central", "high"), self.uncertainty))
                if self.uncertainty
                else None
            ),
        }


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:g}" if abs(x) < 1e6 else f"{x:,.0f}"


def _num(name, label, group, kind, unit, default, lo, hi, step, description, source, grade,
         uncertainty=None, integer=False) -> Param:
    return Param(name=name, label=label, group=group, kind=kind, unit=unit, default=default,
                 min=lo, max=hi, step=step, description=description, source=source,
                 grade=grade, uncertainty=uncertainty, integer=integer)


def _flag(name, label, group, default, description, source, grade) -> Param:
    return Param(name=name, label=label, group=group, kind="lever", unit="on/off",
                 default=default, choices=(False, True), description=description,
                 source=source, grade=grade)


ASSUMPTION = "assumption"

REGISTRY: tuple[Param, ...] = (
    # ------------------------------------------------------------------ jurisdiction (context)
    _num("population", "Population", "jurisdiction", "context", "people", 400_000,
         10_000, 10_000_000, 10_000, "Residents of the jurisdiction.",
         "Jurisdiction input (presets: 50,000 / 400,000 / 2,000,000)", "input", integer=True),
    _num("immigrant_share", "Immigrant residents", "jurisdiction", "context", "share of residents",
         0.14, 0.0, 0.6, 0.01,
         "Foreign-born residents as a share of the population; the group whose trust the model tracks.",
         "assumption (near the US foreign-born share; set from local census data)", "input"),
    _num("latino_citizen_share", "Latino citizens", "jurisdiction", "context", "share of residents",
         0.12, 0.0, 0.7, 0.01,
         "US-citizen Latino residents as a share of the population; they feel a spillover of the trust effect.",
         "assumption (set from local census data)", "input"),
    _num("bookings_per_1000", "Jail bookings", "jurisdiction", "context", "per 1,000 residents per year",
         30.0, 5.0, 100.0, 1.0, "Bookings into the county jail each year per 1,000 residents.",
         "assumption (set from local jail data)", "input"),
    _num("victimization_rate", "Victimisation rate", "jurisdiction", "context",
         "victimisations per resident per month", 0.009, 0.002, 0.03, 0.001,
         "Monthly chance that a resident is the victim of a crime (violent or property) with no agreement.",
         "NBER Digest Apr 2024 on Gonçalves, Jácome & Weisburst (monthly victimisation ~0.9% of Hispanics) [evidence G]",
         "moderate"),
    _num("reporting_baseline_other", "Reporting rate, other residents", "jurisdiction", "context",
         "share of crimes reported", 0.40, 0.25, 0.60, 0.01,
         "Share of crimes against residents outside the immigrant group that reach the police.",
         "BJS Criminal Victimization / NCVS 2015-2023: violent 40-47%, property 30-35% reported [evidence G]",
         "strong"),
    _num("clearance_rate", "Clearance rate", "jurisdiction", "context", "share of reported crimes",
         0.30, 0.05, 0.60, 0.01,
         "Share of reported crimes cleared by arrest or exception; a blend of violent and property clearance.",
         "FBI CIUS: violent 37-46% cleared (2019-2023); property 16-20% (1995-2019; NIBRS 2011-18 18%) [evidence G]", "strong"),
    _num("trust_baseline", "Baseline trust in police", "jurisdiction", "context", "index 0-1",
         0.80, 0.30, 1.0, 0.01,
         "Trust of immigrant residents in local police with no agreement (the level trust recovers toward).",
         "assumption (Prince William Hispanic satisfaction was 97% before its policy) [evidence D]",
         "weak"),
    _num("stop_disparity_baseline", "Stop disparity with no agreement", "jurisdiction", "context",
         "Latino / non-Latino stop-rate ratio", 1.2, 1.0, 3.0, 0.05,
         "Ratio of Latino to non-Latino traffic-stop rates before any agreement.",
         "assumption (1.0 = no disparity; documented 287(g) cases reached 4-10x) [evidence F]",
         "weak"),
    _num("sworn_officers", "Sworn officers", "jurisdiction", "context", "officers",
         1_000, 1, 60_000, 10,
         "Sworn officers of the local agencies in the jurisdiction; designated 287(g) officers come out of them and can never outnumber them.",
         "FBI Crime Data Explorer police-employee roster (LEE), 2025: 848,210 sworn officers for 336 million residents covered, about 2.5 per 1,000 (set from the county's roster)",
         "input", integer=True),
    _num("officer_annual_cost", "Cost of one officer", "cost", "context", "USD per year",
         90_000, 40_000, 200_000, 5_000,
         "Salary and benefits of one deputy or officer for a year.",
         "Harris Co. 2017: >=$675,000 salaries for ~10 deputies, plus benefits [evidence C]",
         "moderate", integer=True),
    _num("bed_day_cost", "Jail bed-day cost", "cost", "context", "USD per day", 85.0, 60.0, 150.0, 1.0,
         "What one day in the local jail costs the county.",
         "Bell Co. TX $67.35/day (2014); local jail $60-150/day [evidence C]", "strong",
         uncertainty=(60.0, 85.0, 150.0)),
    _num("bed_day_reimbursement", "ICE payment per bed-day", "cost", "context", "USD per day",
         0.0, 0.0, 150.0, 1.0,
         "What ICE pays the county per day an immigration hold occupies a bed (0 where there is no contract).",
         "ICE paid Prince William $84/day (2020); Alamance IGSA $135/day (2019) [evidence C]", "moderate"),
    # ------------------------------------------------------------------ program (levers)
    _flag("wso_active", "Warrant Service Officer model", "program", False,
          "Designated officers serve ICE administrative warrants on people already in the jail; no screening.",
          "ICE announcement 6 May 2019; model description [evidence A]", "strong"),
    _flag("jem_active", "Jail Enforcement Model", "program", True,
          "Designated jail officers question booked arrestees, check DHS databases and lodge detainers.",
          "ice.gov 287(g) page; model description [evidence A]", "strong"),
    _flag("tfm_active", "Task Force Model", "program", False,
          "Trained officers may question and arrest for civil immigration violations during routine duties.",
          "ACLU Utah explainer; Coon 2017; model description [evidence A]", "strong"),
    _num("officers_wso", "WSO officers", "program", "lever", "officers", 2, 0, 50, 1,
         "Officers trained to serve ICE warrants in the jail.",
         "assumption (WSO needs only a few officers; 8 h online training) [evidence A]", "assumption",
         integer=True),
    _num("officers_jem", "JEM officers", "program", "lever", "officers", 10, 0, 100, 1,
         "Jail officers designated to screen bookings and process detainers.",
         "Harris Co. ~10 deputies; Wake Co. requested 12; JEM 2-15 FTE per county [evidence B, C]",
         "moderate", integer=True),
    _num("officers_tfm", "Task-force officers", "program", "lever", "officers", 10, 0, 500, 1,
         "Officers trained for street-level immigration enforcement.",
         "8,501 trained task-force officers nationally, Sep 2025 (DHS) [evidence A]", "assumption",
         integer=True),
    Param(name="screening", label="Jail screening", group="program", kind="lever", unit="policy",
          default="universal", choices=("universal", "targeted"),
          description="Universal: every removable person booked gets a detainer. Targeted: mainly people booked on serious charges.",
          source="MPI 2011 (Capps et al.), Delegation and Divergence [evidence B]", grade="moderate"),
    _num("start_month", "Program starts", "program", "lever", "month of the horizon", 0, 0, 119, 1,
         "Month the agreement takes effect (0 = from the start of the horizon).",
         "lever (Harris, Prince William, Mecklenburg entered and left on known dates) [evidence-2 section 2]",
         "input", integer=True),
    _num("narrow_month", "Screening narrows", "program", "lever", "month of the horizon (0 = never)", 0, 0, 119, 1,
         "Month universal jail screening becomes targeted on serious charges, as Dallas's enforcement narrowed under PEP in 2015 (0 = never).",
         "Jácome 2022, J. Urban Econ. 128:103395 (Dallas, PEP) [evidence-2 section 1]", "input", integer=True),
    _num("exit_month", "Program ends", "program", "lever", "month of the horizon (0 = never)", 0, 0, 120, 1,
         "Month the agreement ends (0 = never); afterwards ICE's own screening goes on and trust recovers.",
         "Harris Co. left in Feb 2017; Prince William in Jun 2020; Mecklenburg and Wake in Dec 2018 [evidence-2 section 2]",
         "input", integer=True),
    Param(name="federal_terms", label="Federal reimbursement terms", group="cost", kind="lever",
          unit="terms", default="2025", choices=("pre2025", "2025"),
          description="2025 terms reimburse task-force officers' salary and benefits and pay quarterly awards; earlier terms did not.",
          source="DHS release 2 Sep 2025 (reimbursement from 1 Oct 2025) [evidence A]", grade="moderate"),
    # ------------------------------------------------------------------ safeguards (levers)
    _flag("victim_protection", "Victim and witness protection policy", "safeguards", False,
          "A published policy not to ask victims' and witnesses' status, with U-visa certification.",
          "assumption (design note: safeguards slow erosion)", "assumption"),
    _flag("community_liaison", "Community liaison and outreach", "safeguards", False,
          "A liaison officer and regular outreach to immigrant communities.",
          "assumption (design note: safeguards speed recovery)", "assumption"),
    _num("oversight", "Oversight and published stop data", "safeguards", "lever", "index 0-1",
         0.2, 0.0, 1.0, 0.05,
         "Strength of supervision, complaint review and publication of stop data (0 none, 1 strong).",
         "GAO-09-109, OIG-10-63, GAO-21-186: weak supervision, no performance measures [evidence A]",
         "moderate"),
    # ------------------------------------------------------------------ reach (assumptions)
    _num("removable_share", "Removable share of bookings", "reach", "assumption", "share of bookings",
         0.05, 0.005, 0.30, 0.005,
         "Share of people booked into the jail whom ICE could seek to remove.",
         "Frederick Co.: ~9% of bookings (2008); slider 0.02-0.10 [evidence B]", "moderate",
         uncertainty=(0.02, 0.05, 0.10)),
    _num("removable_resident_share", "Removable share of immigrant residents", "reach", "assumption",
         "share of immigrant residents", 0.25, 0.0, 0.6, 0.01,
         "Share of immigrant residents whom ICE could seek to remove: the population transfers and arrests draw down and can never exceed.",
         "assumption (about a quarter of US foreign-born residents are unauthorised; set from local estimates)",
         "assumption", uncertainty=(0.15, 0.25, 0.35)),
    _num("serious_share", "Serious-record share of removable bookings", "reach", "assumption",
         "share", 0.20, 0.02, 0.60, 0.01,
         "Of removable people booked, the share charged with a serious violent offence or felony.",
         "MPI 2011: universal sites ~80% Level 3/traffic; Alamance 70% traffic; Gaston 95% misdemeanours [evidence B]",
         "moderate", uncertainty=(0.05, 0.20, 0.30)),
    _num("targeted_minor_capture", "Minor cases caught under targeted screening", "reach", "assumption",
         "share of minor cases", 0.10, 0.0, 0.5, 0.01,
         "Under targeted screening, the share of removable people on minor or traffic charges who still get a detainer.",
         "calibrated to MPI 2011: targeted Las Vegas 70% Level 1-2 [evidence B]", "moderate",
         uncertainty=(0.05, 0.10, 0.20)),
    _num("cases_per_officer_month", "Cases per officer-month", "reach", "assumption",
         "cases per officer per month", 12.0, 2.0, 40.0, 1.0,
         "How many detainers or warrants one designated jail officer can process in a month.",
         "derived from Harris Co.: ~10 deputies, ~1,000 detainers a year (~8 per officer-month if at capacity); the central 12 matches ~12 officer-hours per case [evidence B, C]", "weak",
         uncertainty=(8.0, 12.0, 20.0)),
    _num("detainer_to_transfer", "Detainers that end in transfer", "reach", "assumption", "share",
         0.80, 0.30, 1.0, 0.01, "Share of people with a detainer or warrant who are transferred to ICE.",
         "Gaston Co.: 599 interviewed, 488 processed for removal [evidence B]", "moderate",
         uncertainty=(0.60, 0.80, 0.95)),
    _num("jail_no_conviction_share", "Jail transfers never convicted", "reach", "assumption",
         "share of jail transfers", 0.22, 0.0, 0.8, 0.01,
         "Share of people transferred from the jail who were never convicted (charges dropped or still pending).",
         "Prince William FY2018-20: 125 of 579 removed (22%) unconvicted or charges dropped; national detainers 47.7% no conviction (TRAC) [evidence-2 sections 0, 6]",
         "moderate", uncertainty=(0.10, 0.22, 0.48)),
    _num("transfer_to_removal", "Transfers that end in removal", "reach", "assumption",
         "share of transfers", 0.65, 0.1, 1.0, 0.01,
         "Share of people transferred to ICE who are removed from the country (the rest are released).",
         "TRAC report 320: about two-thirds of ICE bookings removed (state rates 43-84%); Prince William ~0.3 removals per transfer; Frederick ~0.9 [evidence-2 section 6]",
         "moderate", uncertainty=(0.35, 0.65, 0.85)),
    _num("wso_warrant_share", "Removable bookings with an ICE warrant", "reach", "assumption", "share",
         0.30, 0.0, 1.0, 0.01,
         "Share of removable people booked for whom ICE has issued a warrant a WSO officer can serve.",
         "assumption (no WSO outcome data; GAO-21-186) [evidence A]", "assumption",
         uncertainty=(0.10, 0.30, 0.50)),
    _num("additionality", "Additionality of jail models", "reach", "assumption",
         "share of transfers", 0.25, 0.0, 1.0, 0.01,
         "Share of jail transfers that ICE's own jail screening would not have produced anyway.",
         "Harris Co. exit: detainers unchanged, but ICE detainers rose 31.7% nationally that quarter, so 0-0.4 (evidence-2 section 0); Hausman 2020: cooperation adds ~1/3 [evidence B]",
         "contested", uncertainty=(0.0, 0.25, 0.50)),
    _num("additionality_serious_ratio", "Additionality for serious records", "reach", "assumption",
         "ratio", 0.30, 0.0, 1.0, 0.01,
         "How additional removals of people with serious records are, relative to others (1 = equally).",
         "Hausman 2020: deportations of people with violent convictions unchanged without cooperation [evidence B]",
         "moderate", uncertainty=(0.0, 0.30, 1.0)),
    _num("tfm_arrests_per_officer_month", "Street arrests per task-force officer", "reach", "assumption",
         "arrests per officer per month", 1.0, 0.0, 10.0, 0.1,
         "Immigration arrests one task-force officer makes in a month.",
         "assumption (order of magnitude: ~3,100 Florida 287(g) arrests by Nov 2025, >300 agencies) [evidence A]",
         "assumption", uncertainty=(0.3, 1.0, 3.0)),
    _num("tfm_additionality", "Additionality of street arrests", "reach", "assumption",
         "share of arrests", 0.80, 0.0, 1.0, 0.01,
         "Share of task-force arrests of people ICE would not otherwise have reached.",
         "assumption (street arrests reach people never booked)", "assumption",
         uncertainty=(0.5, 0.8, 1.0)),
    _num("tfm_serious_share", "Serious records among street arrests", "reach", "assumption", "share",
         0.10, 0.0, 0.6, 0.01, "Share of task-force arrestees with a serious violent or felony record.",
         "ICE arrests 2025 (DDP, Cato): serious/violent 5-30% (all ICE arrests, not 287(g) only) [evidence B]",
         "contested", uncertainty=(0.05, 0.10, 0.30)),
    _num("tfm_no_record_share", "No record among street arrests", "reach", "assumption", "share",
         0.40, 0.0, 1.0, 0.01, "Share of task-force arrestees with no conviction and no pending charge.",
         "ICE arrests 2025 (DDP ~34%, Cato 47%; DHS disputes) [evidence B]", "contested",
         uncertainty=(0.30, 0.40, 0.50)),
    # ------------------------------------------------------------------ trust (assumptions)
    _num("jail_visibility", "Visibility of jail enforcement", "trust", "assumption",
         "relative to a street arrest", 0.25, 0.0, 1.0, 0.01,
         "How visible a jail transfer is to the community, compared with a street arrest (1).",
         "assumption (design note: street arrests far more visible than jail paperwork)", "assumption",
         uncertainty=(0.10, 0.25, 0.50)),
    _num("fear_half_saturation", "Enforcement level for half the fear", "trust", "assumption",
         "visible actions per 1,000 residents per month", 0.033, 0.001, 1.0, 0.001,
         "Additional visible enforcement at which fear reaches half its maximum. Set high, fear grows almost in proportion to enforcement; set low, the first cases do most of the harm.",
         "calibrated: a universal jail unit in the model county (~0.007 a month) sits on the near-proportional part, so narrowing enforcement still moves reporting (Jácome 2022, Dallas, +2 to +6%) and SC's doubling of transfers still had a graded effect (Gonçalves et al.) [evidence-2 section 1]",
         "weak", uncertainty=(0.01, 0.033, 0.1)),
    _num("announcement_effect", "Announcement effect", "trust", "assumption",
         "equivalent visible actions per 1,000 residents per month", 0.0003, 0.0, 0.05, 0.0001,
         "Fear from the agreement being known, whatever its volume, counted as the visible enforcement that would cause the same fear; it lasts while the agreement is in force (and habituates like any fear).",
         "assumption: Houston 2017 (Hispanic violent-crime reports -13% amid enforcement news, after the county had left 287(g)) and the Prince William announcement in 2007 show salience alone can chill; no study separates it from volume [evidence-2 section 2; evidence E]",
         "assumption", uncertainty=(0.0, 0.0003, 0.003)),
    _num("trust_erosion", "Trust erosion rate", "trust", "assumption", "per month at full fear",
         1.1, 0.0, 3.0, 0.01,
         "Share of trust lost each month per unit of felt fear (fear runs from 0 to 1 and is small for one jail unit).",
         "calibrated jointly with the reporting response and the half-saturation point: a universal jail unit cuts immigrant residents' reporting by 20-30% over the first two years (Gonçalves et al.: -30%; -20% implied by the 0.79 offending elasticity) [evidence-2 sections 0, 1]",
         "contested", uncertainty=(0.75, 1.1, 1.5)),
    _num("fear_persistence", "Persistence of fear", "trust", "assumption", "share of fear that lasts",
         0.07, 0.0, 1.0, 0.01,
         "Share of the fear response that persists under a sustained program; the rest fades by habituation (0 = wholly transient, 1 = never fades).",
         "calibrated: Hispanic victimisation under SC peaked about quarter 4 and was back near its pre-level by quarter 8 (NBER Digest 2024), while narrowing enforcement six years after SC still raised reporting about 4% in Dallas (Jácome 2022); critics cite Prince William's lasting satisfaction gap (71% vs 84% in 2020) [evidence-2 section 1; evidence D]",
         "contested", uncertainty=(0.02, 0.07, 0.3)),
    _num("habituation_months", "Habituation time", "trust", "assumption", "months",
         6.0, 1.0, 60.0, 1.0,
         "Time constant with which fear of a sustained program fades toward its persistent share.",
         "calibrated to the quarter profile of Hispanic victimisation under SC (peak about quarter 4, near the pre-level by quarter 8; NBER Digest 2024) [evidence-2 section 1]",
         "weak", uncertainty=(3.0, 6.0, 12.0)),
    _num("trust_recovery_months", "Trust recovery time", "trust", "assumption", "months",
         6.0, 2.0, 120.0, 1.0,
         "Time constant with which trust recovers toward its baseline when fear eases or the program ends.",
         "calibrated to the same quarter profile (the bump fades within two years) [evidence-2 section 1]; critics argue years (Prince William)",
         "weak", uncertainty=(4.0, 6.0, 12.0)),
    _num("latino_spillover", "Spillover to Latino citizens", "trust", "assumption",
         "share of the immigrant effect", 0.40, 0.0, 1.0, 0.01,
         "How strongly Latino citizens' trust responds, relative to immigrant residents.",
         "Theodore 2013: 28% of US-born vs 70% of undocumented Latinos less likely to contact police [evidence D]",
         "moderate", uncertainty=(0.10, 0.40, 0.70)),
    _num("reporting_baseline_immigrant", "Reporting rate, immigrant residents", "trust", "assumption",
         "share of crimes reported", 0.35, 0.10, 0.70, 0.01,
         "Share of crimes against immigrant residents reported to police with no agreement.",
         "Comino et al. 2020 (undocumented ~17%); NBER Digest (Hispanic 30-37%); CIS 2021 (noncitizens 59%) [evidence D, G]",
         "contested", uncertainty=(0.17, 0.35, 0.59)),
    _num("reporting_trust_elasticity", "Reporting response to trust", "trust", "assumption",
         "elasticity", 1.0, 0.0, 2.0, 0.05,
         "How strongly the reporting rate follows trust: reporting = baseline x (trust / baseline trust)^elasticity.",
         "calibrated to Gonçalves et al. (-30%); 0 allows CIS 2021's finding of no gap; surveys (44-70%) bound it above [evidence D]",
         "contested", uncertainty=(0.3, 1.0, 1.5)),
    _num("witness_trust_elasticity", "Witness cooperation response to trust", "trust", "assumption",
         "elasticity", 0.2, 0.0, 1.5, 0.05,
         "How strongly clearance of crimes against affected groups follows trust (fewer witnesses come forward).",
         "Forrester & Nowrasteh 2018: no clearance effect in NC; Wong et al. 2019: 61% would report less as witnesses [evidence D, E]",
         "weak", uncertainty=(0.0, 0.2, 0.6)),
    # ------------------------------------------------------------------ safety (assumptions)
    _num("victimization_response", "Offending response to lower reporting", "safety", "assumption",
         "elasticity", 0.79, 0.0, 1.5, 0.01,
         "Rise in offending against a group per unit fall in its reporting: a 10% fall in reporting with 0.79 means 7.9% more crimes against that group.",
         "Gonçalves, Jácome & Weisburst (AER forthcoming; CES WP 26-23): offending elasticity 0.79 with respect to victim reporting [evidence-2 section 1]",
         "moderate", uncertainty=(0.5, 0.79, 1.0)),
    _num("offending_rate_serious", "Crimes per year, serious record", "safety", "assumption",
         "crimes per person per year", 0.5, 0.0, 5.0, 0.1,
         "Crimes a person removed with a serious record would otherwise commit each year while in the community.",
         "Hickman, Wong & Booth 2014: 64-91% of removable men released from a jail rearrested within 9 years, 2.9-4.5 arrests each; Miles & Cox 2014, Hausman 2020: no measurable crime reduction [evidence-2 section 4; evidence E]",
         "contested", uncertainty=(0.0, 0.5, 2.0)),
    _num("offending_rate_minor", "Crimes per year, minor record (DUI, repeat minor)", "safety", "assumption",
         "crimes per person per year", 0.1, 0.0, 2.0, 0.05,
         "Crimes against others a person removed on a minor, DUI or traffic record would otherwise commit each year.",
         "CIS 2014 (ICE data): ~22% of people released despite detainers rearrested within 8 months, mostly drug or DUI; MPI 2018: ~6%; NHTSA: 25-31% of DWI arrestees are repeat offenders [evidence-2 section 4]",
         "contested", uncertainty=(0.0, 0.1, 0.4)),
    _num("offending_rate_none", "Crimes per year, no record", "safety", "assumption",
         "crimes per person per year", 0.05, 0.0, 0.5, 0.01,
         "Crimes a person removed with no record would otherwise commit each year.",
         "derived: residents' victimisation (~0.1 crimes per resident a year) times the offending of undocumented immigrants relative to natives, 0.5-1.0 (Nowrasteh, Texas 2015-17) [evidence-2 section 4; evidence G]",
         "weak", uncertainty=(0.0, 0.05, 0.1)),
    _num("reentry_share", "Removed people who return and reoffend", "safety", "assumption",
         "share of removed people", 0.35, 0.0, 1.0, 0.05,
         "Share of the crimes a removal would avert that happen anyway because the person returns.",
         "Hickman/Wong follow-up: 48% of 521 men removed from LA County jail in 2002 rearrested in California after removal; slider 0.2-0.5 [evidence-2 section 4]",
         "moderate", uncertainty=(0.2, 0.35, 0.5)),
    _num("outmigration_rate", "Moving away under enforcement", "safety", "assumption",
         "share of removable residents per year at full fear", 0.0, 0.0, 0.5, 0.01,
         "Removable residents who leave the jurisdiction each year, per unit of fear (0 = off, the default).",
         "off by default; Prince William: 2-10% of undocumented residents left in 2 years (confounded by the housing crash); Watson 2013: task forces nearly double moves [evidence-2 section 7]",
         "weak"),
    _num("free_years", "Years otherwise in the community", "safety", "assumption", "years",
         3.0, 0.5, 10.0, 0.5,
         "Average time a removed person would otherwise have stayed in the community (not jailed, not moved).",
         "assumption", "assumption", uncertainty=(1.0, 3.0, 6.0)),
    # ------------------------------------------------------------------ safeguards' effects
    _num("victim_protection_effect", "Erosion avoided by victim protection", "safeguards", "assumption",
         "share of erosion", 0.25, 0.0, 0.8, 0.05,
         "Share of trust erosion a victim and witness protection policy prevents.",
         "assumption", "assumption", uncertainty=(0.05, 0.25, 0.50)),
    _num("liaison_recovery_boost", "Faster recovery with a liaison", "safeguards", "assumption",
         "extra recovery speed", 0.5, 0.0, 2.0, 0.1,
         "How much faster trust recovers with a community liaison (0.5 = 50% faster).",
         "assumption", "assumption", uncertainty=(0.0, 0.5, 1.0)),
    _num("oversight_effect", "Profiling prevented by full oversight", "safeguards", "assumption",
         "share of excess disparity", 0.5, 0.0, 1.0, 0.05,
         "Share of the added stop disparity that full oversight prevents.",
         "Rubalcaba et al.: scrutiny shifted tactics to checkpoints rather than ending them [evidence F]",
         "contested", uncertainty=(0.1, 0.5, 0.8)),
    # ------------------------------------------------------------------ equity (assumptions)
    _num("profiling_propensity", "Profiling propensity", "equity", "assumption",
         "maximum rise, as a multiple of the baseline ratio", 1.5, 0.0, 9.0, 0.1,
         "How far the stop-disparity ratio can rise under intense street enforcement with no oversight, as a multiple of its baseline (1.5 = up to 2.5 times the baseline).",
         "DOJ: Alamance 4-10x, Maricopa 4-9x; Prince William found none [evidence F]", "contested",
         uncertainty=(0.0, 1.5, 4.0)),
    _num("profiling_half_pressure", "Enforcement pressure for half the disparity", "equity", "assumption",
         "discretionary arrests per 1,000 Latino residents per month", 0.5, 0.05, 5.0, 0.05,
         "Discretionary immigration arrests at which the added disparity reaches half its maximum.",
         "assumption", "assumption", uncertainty=(0.2, 0.5, 1.5)),
    _num("jail_discretion_weight", "Jail feeding: pretextual arrests", "equity", "assumption",
         "relative to a street arrest", 0.05, 0.0, 1.0, 0.05,
         "How much a jail transfer on a minor or traffic charge reflects officers stopping and booking people in order to have them screened (as alleged in Alamance).",
         "Treyger, Chalfin & Loeffler 2014: little rise in discriminatory arrests under jail screening (central); Alamance DOJ findings: Latinos arrested for violations others were cited for (high end) [evidence E, F]",
         "contested", uncertainty=(0.0, 0.05, 0.5)),
    # ------------------------------------------------------------------ cost
    _num("hours_per_case", "Officer hours per jail case", "cost", "assumption", "hours",
         12.0, 1.0, 25.0, 0.5,
         "Officer time per detainer or warrant processed in the jail, including screening.",
         "derived from Harris Co.: ~20 h per detainer (upper bound); slider 2-25 h [evidence C]", "weak",
         uncertainty=(4.0, 12.0, 20.0)),
    _num("hours_per_street_arrest", "Officer hours per street arrest", "cost", "assumption", "hours",
         6.0, 1.0, 20.0, 0.5, "Officer time per task-force immigration arrest, processing included.",
         "assumption", "assumption", uncertainty=(3.0, 6.0, 12.0)),
    _num("training_hours_jem", "JEM training", "cost", "context", "hours per officer", 160.0, 120.0, 200.0, 8.0,
         "Initial training for each JEM officer (a one-week refresher follows every two years).",
         "~4 weeks (~160 h), refresher every 2 years [evidence A]", "strong"),
    _num("training_hours_tfm", "Task-force training", "cost", "context", "hours per officer", 40.0, 40.0, 160.0, 8.0,
         "Initial training for each task-force officer.", "DHS 2025: 40 h [evidence A]", "moderate"),
    _num("training_hours_wso", "WSO training", "cost", "context", "hours per officer", 8.0, 8.0, 16.0, 1.0,
         "Initial training for each WSO officer.", "8 h online [evidence A]", "moderate"),
    _num("hold_days", "Jail days per transfer", "cost", "assumption", "days", 3.0, 0.0, 30.0, 0.5,
         "Extra jail days for each person transferred (the 48-hour hold plus pickup delays).",
         "8 CFR 287.7(d): <=48 h excluding weekends; PWC 2008 pickup took weeks [evidence C]", "moderate",
         uncertainty=(1.0, 3.0, 10.0)),
    _num("tfm_success_rate", "Task-force success rate", "cost", "assumption", "share of ICE targets located",
         0.75, 0.0, 1.0, 0.01,
         "Share of ICE-identified people the task force locates; the 2025 terms pay quarterly awards only at 70% or more ($500 / $750 / $1,000 per officer at 70 / 80 / 90%).",
         "DHS release 2 Sep 2025 (award tiers; the denominator is not defined publicly) [evidence-2 section 5]",
         "assumption", uncertainty=(0.5, 0.75, 0.95)),
    _num("tfm_eligible_share", "Task-force officers eligible for reimbursement", "cost", "assumption",
         "share of task-force officers", 0.8, 0.0, 1.0, 0.05,
         "Share of task-force officers whose hours the 2025 terms reimburse (eligibility rules are not public).",
         "DHS release 2 Sep 2025: salary for each 'eligible' trained officer; no public eligibility rules [evidence-2 section 5]",
         "assumption", uncertainty=(0.5, 0.8, 1.0)),
    _num("tfm_hours_per_officer_month", "Task-force hours per officer", "cost", "assumption",
         "hours per officer per month", 20.0, 0.0, 173.0, 1.0,
         "Hours each task-force officer spends on immigration work in a month besides processing arrests (173 = full time).",
         "assumption (officers act 'during routine duties'; a full-time designation is 173 h a month)", "assumption",
         uncertainty=(8.0, 20.0, 80.0)),
    _num("opportunity_cost_share", "Officer hours that cost the county", "cost", "assumption",
         "share of program hours", 1.0, 0.0, 1.0, 0.05,
         "Share of program hours that are a real cost (local work displaced, overtime, new hires) rather than slack; the same hours are the ones reimbursed.",
         "assumption (Harris Co. paid ~$675k in salaries for its ~10 deputies; Wake Co. asked for 12 new positions) [evidence C]",
         "assumption"),
    _num("liability_per_disparity", "Liability cost of disparity", "cost", "assumption",
         "USD per year per unit of added stop ratio", 100_000.0, 0.0, 2_000_000.0, 10_000.0,
         "Expected yearly litigation and settlement cost per unit rise in the stop-disparity ratio.",
         "assumption (Maricopa's Melendres litigation; Prince William spent $3.1M on cameras) [evidence C, F]",
         "assumption", uncertainty=(0.0, 100_000.0, 500_000.0)),
    _num("profiling_finding_rate", "Chance of a profiling finding", "cost", "assumption",
         "per year per unit of added stop ratio", 0.01, 0.0, 0.2, 0.005,
         "Yearly chance of a court or DOJ finding of profiling, per unit rise in the stop-disparity ratio (the liability tail).",
         "assumption: two findings (Maricopa 2011-13, Alamance 2012) among dozens of agreements; the Alamance case was lost in court [evidence F; evidence-2 section 0]",
         "assumption", uncertainty=(0.0, 0.01, 0.05)),
    _num("profiling_finding_cost", "Cost of a profiling finding", "cost", "assumption",
         "USD per 100,000 residents", 1_430_000.0, 0.0, 10_000_000.0, 10_000.0,
         "What a profiling finding costs over the following years (remedy, monitor, legal fees), per 100,000 residents.",
         "Maricopa Melendres: $63M-$226M for 2014-24 (the monitor's audit disputes $163M of it) for ~4.4M residents, i.e. $1.4M-$5.1M per 100,000 [evidence-2 section 2]",
         "contested", uncertainty=(500_000.0, 1_430_000.0, 5_100_000.0)),
)

BY_NAME: dict[str, Param] = {p.name: p for p in REGISTRY}

# Constants with a source, not parameters a user adjusts.
JEM_REFRESHER_HOURS = 40.0  # one-week refresher [evidence A: Longleaf Politics]
JEM_REFRESHER_MONTHS = 24  # every two years [evidence A]
HOURS_PER_YEAR = 2080.0  # 40 h x 52 weeks: converts an annual cost to an hourly one
MAX_MONTHLY_ARREST_SHARE = 0.01  # assumption: street arrests cannot exceed 1% of removable residents a month
MAX_MONTHLY_BOOKED_SHARE = 0.05  # assumption: at most 5% of removable residents are booked into the jail in a month
ANNOUNCEMENT_FULL_SHARE = 0.01  # assumption: the announcement reaches its full effect where >= 1% of residents are immigrants
OVERTIME_CAP = 0.25  # 2025 terms: overtime reimbursed up to 25% of salary [evidence-2 section 5]
AWARD_TIERS = ((0.9, 1000.0), (0.8, 750.0), (0.7, 500.0))  # (success rate from, USD per officer per quarter) [evidence-2 s. 5]
EQUIPMENT_PER_TFM_OFFICER = 7_500.0  # FOP statement Sep 2025: up to $7,500 per officer, once [evidence-2 s. 5]
VEHICLES_PER_TFM_AGENCY = 100_000.0  # FOP statement Sep 2025: up to $100,000 per agency for vehicles [evidence-2 s. 5]
REFERENCE_DOSE = 0.0066  # visible actions per 1,000 residents a month of the default universal JEM: joint draws
PROGRAM_FLAGS = ("wso_active", "jem_active", "tfm_active")


def defaults() -> dict[str, Any]:
    return {p.name: p.default for p in REGISTRY}


def uncertain() -> tuple[Param, ...]:
    """Assumptions that carry a (low, central, high) range: the Monte Carlo and tornado set."""
    return tuple(p for p in REGISTRY if p.uncertainty is not None)


class ParamError(ValueError):
    """A parameter name or value the registry does not accept. ``str()`` is one line for users."""

    def __init__(self, field: str, value: Any, allowed: str):
        self.field, self.value, self.allowed = field, value, allowed
        super().__init__(f"{field}: {value!r} is not allowed; expected {allowed}")


def suggest(name: str) -> str | None:
    import difflib

    close = difflib.get_close_matches(name, BY_NAME, n=1, cutoff=0.6)
    return close[0] if close else None


def coerce(name: str, value: Any) -> Any:
    """Check one value against the registry and return it in its canonical type.

    Accepts strings too (from the command line or a URL). Raises ParamError naming the field,
    the value and what is allowed.
    """
    import math

    p = BY_NAME.get(name)
    if p is None:
        hint = suggest(name)
        raise ParamError(name, value, "a known parameter name" + (f" (did you mean {hint!r}?)" if hint else ""))
    if p.is_bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "on"):
            return True
        if isinstance(value, str) and value.strip().lower() in ("false", "0", "no", "off"):
            return False
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise ParamError(name, value, p.allowed())
    if p.is_choice:
        if isinstance(value, str) and value in p.choices:
            return value
        raise ParamError(name, value, p.allowed())
    if isinstance(value, bool):
        raise ParamError(name, value, p.allowed())
    if isinstance(value, str):
        try:
            value = float(value.strip().replace("_", ""))
        except ValueError:
            raise ParamError(name, value, p.allowed()) from None
    if not isinstance(value, (int, float)):
        raise ParamError(name, value, p.allowed())
    if not math.isfinite(value) or value < p.min or value > p.max:
        raise ParamError(name, value, p.allowed())
    if p.integer:
        if float(value) != int(value):
            raise ParamError(name, value, p.allowed())
        return int(value)
    return float(value)


def resolve(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults with ``overrides`` applied, every value checked."""
    values = defaults()
    for name, value in (overrides or {}).items():
        values[name] = coerce(name, value)
    return values


def diff_from_defaults(values: dict[str, Any]) -> dict[str, Any]:
    """The sparse form of a parameter set: only what differs from the registry defaults."""
    base = defaults()
    return {k: v for k, v in values.items() if k in base and v != base[k]}
