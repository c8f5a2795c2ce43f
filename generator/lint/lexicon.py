"""The words the sentence reader knows: who can be a person, and what said of a person
is blame. Plain data, kept apart from the reading so that it can grow on evidence."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The words of ``text``, split at white space."""
    return frozenset(text.split())


ROLES = words(
    """engineer engineers developer developers dev devs programmer programmers operator
    operators admin admins administrator administrators sysadmin sysadmins sre sres dba
    dbas technician technicians employee employees staffer staffers intern interns
    contractor contractors responder responders on-call oncall on-caller on-callers
    person individual individuals worker workers colleague colleagues analyst analysts
    manager managers reviewer reviewers tester testers pilot pilots crew member members
    teammate teammates coworker coworkers co-worker co-workers hire hires newcomer
    captain captains officer officers crewmember crewmembers staff signaller signallers
    signalman dispatcher dispatchers co-pilot co-pilots copilot copilots nurse nurses
    doctor doctors physician physicians surgeon surgeons clerk clerks pharmacist pharmacists
    driver drivers controller controllers conductor conductors brakeman brakemen mechanic
    mechanics signalman signalmen rn rns lpn cna cnas supervisor supervisors guy guys
    woman man lady genius official officials oow watchkeeper watchkeepers deckhand
    deckhands trader traders banker bankers broker brokers
    electrician electricians lineman linemen installer installers
    someone somebody"""
)
"""Nouns for people at work; a role as the subject of a failure is a person blamed."""

GROUPS = words("team teams qa ops devops group")
"""Nouns for groups of people: blamed for a failure, not for a decision."""

SINGLING = words(
    "employee staffer technician intern contractor individual person worker someone somebody"
)
"""Roles that single a person out: "the employee decided" frames the decision as theirs."""

THIRD_PERSON = words("he she someone somebody")
OTHER_PRONOUNS = words("we i you they")

NEGATORS = words(
    "not no never nor without neither hardly isn't wasn't aren't weren't don't doesn't "
    "didn't cannot can't nobody none"
)

ADVERBS = words(
    """then also just simply apparently reportedly already still again later eventually
    subsequently immediately quickly initially actually allegedly unfortunately either
    singlehandedly single-handedly personally somehow""",
)
"""Words that may stand between a subject and its verb without changing what is said."""

BLAME_ADVERBS = words(
    """accidentally mistakenly inadvertently erroneously wrongly incorrectly carelessly
    hastily recklessly blindly negligently unknowingly unintentionally inappropriately
    improperly needlessly unnecessarily"""
)
"""Adverbs that, said of a person's action, make the person the explanation."""

OMISSIONS = words(
    """forgot forget forgets forgotten neglected neglects omitted ignored ignores
    overlooked overlooks disregarded missed skipped bypassed violated"""
)
"""Verbs of a failure to act, said of a person (a counterfactual in the past tense)."""

DAMAGE = words(
    """caused broke deleted dropped wiped destroyed misconfigured mistyped misread
    fat-fingered crashed corrupted overwrote truncated botched killed nuked misplaced
    severed damaged ruptured spilled erased disconnected misjudged misheard miscalculated
    mishandled misidentified misunderstood mislabeled mislabelled misrouted mistook
    miscommunicated sped cost"""
)
"""Verbs that make the person who did them the cause of the damage."""

DAMAGE_PHRASES = (
    ("took", "down"),
    ("brought", "down"),
    ("messed", "up"),
    ("screwed", "up"),
    ("knocked", "out"),
    ("mixed", "up"),
    ("mess", "up"),
    ("screw", "up"),
)

NEUTRAL_ACTIONS = words(
    """ran run typed entered pushed deployed removed wrote turned shut pulled applied put
    gave given sent
    executes runs types pushes deploys merges
    executed changed updated merged restarted rebooted modified edited copied moved
    uploaded installed unplugged enabled disabled triggered released shipped committed
    issued started stopped typing entering running deleting pushing deploying sending"""
)
"""Verbs that are blame only with a word that judges the action ("the wrong", "by
mistake"): "the operator ran the script" is a fact."""

WRONG = words(
    """wrong incorrect incorrectly bad faulty broken buggy erroneous mistaken mistakenly
    accidentally inadvertently untested unreviewed improper improperly"""
)

NOT_FAILURES = words(
    """know knew known have had has see saw seen receive received get got gotten expect
    expected intend intended mean meant want wanted need needed realise realised realize
    realized find found think thought believe believed hear heard understand understood
    exist existed apply applied matter mattered affect affected happen happened occur
    occurred reach reached return returned respond responded recover recovered change
    changed differ seem seemed appear appeared be been work worked fire fired trigger
    triggered page paged alert alerted show showed shown include included contain
    contained support supported cover covered match matched help helped"""
)
"""Verbs a negation may take without blame: what a person did not know, have or get
describes the situation."""

PERCEIVE = words("see notice realise realize understand recognise recognize")
"""What a person did not see or realise: blame when the sentence gives no reason for it
("the driver did not see the signal"), the situation when it does ("she did not see the
warning because the CLI wrote it to a log")."""

EXPLAINING = words("because since due given")
"""Words that give the reason for what a person did not see."""

DECIDE = words("decided chose opted elected")

EVALUATIVE = words(
    """wrong bad poor risky unwise hasty rash unilaterally unilateral despite against
    instead without ill-advised questionable"""
)

CHARACTER = words(
    """careless carelessly carelessness sloppy sloppiness negligent negligently negligence
    reckless recklessly recklessness lazy laziness incompetent incompetence incompetently
    irresponsible irresponsibly unprofessional foolish foolishly stupid stupidity dumb
    idiot idiotic idiots clumsy clumsily inept ineptitude hasty hastily cavalier
    disgruntled unqualified under-qualified underqualified fat-fingered sloppily shoddy
    inexcusable fat-fingers fat-finger nitwit nitwits moron morons fool fools clown clowns
    muppet muppets dimwit haste bonehead boneheaded halfwit numpty dumbass"""
)
"""Words that judge a person's character or conduct instead of explaining the system."""

CHARACTER_PHRASES = (
    ("bad", "code"),
    ("poor", "judgement"),
    ("poor", "judgment"),
    ("bad", "judgement"),
    ("bad", "judgment"),
    ("poor", "decision"),
    ("poor", "decisions"),
    ("bad", "decision"),
    ("bad", "decisions"),
    ("wrong", "decision"),
    ("troubled", "work"),
    ("work", "history"),
    ("cut", "corners"),
    ("cutting", "corners"),
    ("fat", "finger"),
    ("fat", "fingered"),
    ("rogue", "employee"),
    ("rogue", "engineer"),
    ("rogue", "admin"),
    ("rogue", "developer"),
    ("rogue", "staffer"),
    ("cowboy", "coding"),
    ("asleep", "at"),
    ("poor", "attitude"),
    ("poor", "history"),
    ("bad", "attitude"),
)

CONDUCT_PREDICATES = words("rushed hurried panicked")
"""Verbs that judge conduct when a person is their subject ("the team rushed")."""

CONDUCT_PHRASES = (
    ("fell", "asleep"),
    ("fallen", "asleep"),
    ("dozed", "off"),
    ("nodded", "off"),
    ("zoned", "out"),
    ("lost", "focus"),
    ("lost", "concentration"),
    ("did", "nothing"),
)
"""What a person did that judges their conduct ("the driver fell asleep")."""

CONDUCT_STATES = words("asleep distracted rushed hurried preoccupied")
"""What a person was ("he was too rushed", "they were distracted")."""

IN_ERROR = (("in", "error"), ("by", "mistake"), ("by", "accident"))
"""Phrases that judge a person's action as a mistake ("attached the file in error")."""

ERROR_NOUNS = words(
    "error errors mistake mistakes slip slips blunder blunders oversight typo failure failures"
)
PEOPLE_ERROR_MODIFIERS = words(
    """human operator operators pilot user engineer engineering admin administrator
    developer employee staff technician personnel manual sysadmin programmer individual
    people controller driver crew nurse doctor surgeon"""
)
"""Words that, before "error" or "mistake", make the error a person's."""

POSSESSIVES = words("his her their my your")

PUNISHED = words(
    """fired terminated dismissed suspended reprimanded disciplined retrained sacked
    demoted admonished penalized penalised sanctioned write-up"""
)

REPORTING = words(
    """    call called calls termed labelled labeled dubbed described use using cite citing"""
)
"""Naming verbs: what follows them is a label under discussion ("what we call human
error"), not the author's explanation. What a sentence reports as someone's finding
("investigators said the pilot ignored...") is still blame to its reader."""

IMPERATIVES = (
    ("double-check",),
    ("double", "check"),
    ("triple-check",),
    ("be", "careful"),
    ("be", "more", "careful"),
    ("be", "vigilant"),
    ("be", "more", "vigilant"),
    ("pay", "attention"),
    ("pay", "more", "attention"),
    ("pay", "closer", "attention"),
    ("remember", "to"),
    ("don't", "forget"),
    ("do", "not", "forget"),
    ("always", "double-check"),
    ("always", "check"),
    ("always", "make", "sure"),
    ("always", "remember"),
    ("make", "sure", "you"),
    ("take", "care"),
    ("take", "more", "care"),
    ("think", "twice"),
    ("slow", "down"),
    ("try", "harder"),
)
"""How a sentence that exhorts people to be better starts."""

FIRST_NAMES = words(
    """aaron adam adrian ahmed aisha alan alex alexander alice alicia amanda amy ana andrea
    andrew andy angela anna anne anthony antonio arjun ashley barbara ben benjamin beth
    bob bobby brad brandon brian bruce carl carla carlos carol caroline catherine
    charles charlie chen chris christian christina christine christopher claire craig
    dan daniel danielle dave david deepak dennis diana diego dmitri dominic donald doug
    dylan ed eddie edward elena eli elizabeth emily emma eric erik ethan eva evan fatima
    frank fred gary george grace greg gregory hannah harry heather helen henry hiroshi
    ian igor isabel jack jacob jake james jamie jane janet jason jean jeff jeffrey
    jennifer jenny jeremy jerry jessica jim jimmy joe joel john johnny jon jonathan jordan
    jorge jose joseph josh joshua juan julia julie justin karen kate katie keith kelly
    ken kenji kevin kim kyle larry laura lauren leo liam linda lisa liz lucas lucy
    luis luke maria marco marcus maria martin mary matt matthew megan melissa
    mia michael michelle mike miguel mohammed nancy natalie nathan neil nick nicole nina
    noah olga oliver olivia omar oscar pablo patrick paul pedro pete peter phil
    philip priya rachel raj rajesh ravi rebecca richard rick rob robert roger ron
    rosa ryan sam samantha sandra sara sarah scott sean sergei sergey shawn simon sofia
    sophie stephanie stephen steve steven susan tariq ted thomas tim timothy tina
    todd tom tomas tomás tony tyler victor victoria vijay vikram walter wei william
    yuki yusuf zach zoe"""
)
"""Common first names: a capitalised word among them, before a verb, is a person. Any
other name counts when it is one of the file's authors or responders."""

EXEMPT_CLEARLY = words(
    """documented labelled labeled marked visible written stated defined separated
    identified communicated explained shown understood described explain communicate
    show state see identify indicate indicated outline outlined define"""
)
"""Words after "clearly" that make it a claim about clarity, not hindsight."""

APOLOGY = words("sorry apologise apologize apologies apologised apologized regret")

CAUSAL = words(
    """caused cause causes causing due because result resulted resulting led triggered
    trigger blame blamed blames blaming attributed attributable traced fault culprit
    responsible behind owing likely probably"""
)
"""Words that make an error the explanation of an event ("caused by human error")."""

JUDGING_ADVERBS = words("adequately properly sufficiently appropriately correctly")

HUMAN_ACTS = words(
    """known noticed realised realized seen checked asked told escalated listened read
    looked thought waited called followed made verified tested reviewed caught spotted
    double-checked done asked used stopped"""
)
"""Participles that, after "they should have", speak of people, not of systems."""

HUMAN_ONLY = words(
    """forgot neglected overlooked misjudged misheard misread
    misunderstood panicked rushed dozed fell sped mistakenly accidentally inadvertently
    carelessly"""
)
"""Verbs and adverbs only people are the subject of: an unknown capitalised word before
one of them is a person's name ("Vaught ignored the warnings")."""

DUTIES = words(
    """comply obey follow notice check verify report escalate respond stop slow warn
    inform notify"""
)
"""What "they failed to" do that only people do ("they failed to comply with a signal");
"they" is as often a system, whose failing to do something is a fact, not blame."""

UNAWARE = words(
    """realising realizing noticing checking verifying confirming telling asking testing
    consulting reading looking warning running thinking reviewing waiting"""
)
"""What "without" a person's action leaves undone ("ran it without checking")."""
