--------------------------- MODULE SlotAllocation ---------------------------
(***************************************************************************)
(* TLA+ twin of models/SlotAllocation.ts (see spec/SPEC.md section 12).    *)
(*                                                                         *)
(* Two providers P1, P2 each share one capacity slot among two recipients  *)
(* R1, R2 (one need slot each), asynchronously as in V2 (seed 003: the     *)
(* allocation is recomputed reactively and then published) with the       *)
(* many-provider residual need of seed 000.  A provider allocates its slot *)
(* over the residual needs it derives from the other provider's grants, as *)
(* far as those have reached it; it publishes its grants; a publication    *)
(* reaches the other provider later.  The network is one register per     *)
(* provider: a newer publication overwrites an undelivered one.            *)
(*                                                                         *)
(* The allocation is the reference water-filling of SPEC.md section 5      *)
(* (tier 1 = mutual recognition first, then tier 2 from what is left),     *)
(* or the seeds' one-pass formula when Allocation = "v2-one-pass", for a   *)
(* single capacity slot and one need slot per recipient, damping 1.        *)
(* Grants are integers: each total is rounded down.  The TS model computes *)
(* in floating point and adds a tolerance of 1e-9 before rounding down;    *)
(* here the arithmetic is exact (integers and explicit fractions), which   *)
(* gives the same integers for the small quantities of these configs.     *)
(*                                                                         *)
(* Recognition values are given in hundredths (RecognitionP1R1MrPct = 50   *)
(* is MR 0.5).  Only their ratios within a tier and their sign matter:     *)
(* the per-tier renormalisation (MR / sum of MR) cancels out of both the   *)
(* water level and the shares, so the raw values are used as weights.      *)
(*                                                                         *)
(* State encoding: alloc, published and seen are functions from providers *)
(* to books (functions from recipients to grants), exactly the TS records. *)
(* The state spaces are in bijection; TLC should count the same states.    *)
(*                                                                         *)
(* Expected result, default configuration "net-of-others-atomic"           *)
(* (models/registry.ts):                                                   *)
(*   TS checker: 5 distinct states, depth 2, verdict ok.                   *)
(*   TLC reports depth 3 (it counts the initial state as depth 1).         *)
(* The TS checker's count may differ from TLC's only if the state encoding *)
(* differs; here it should not.                                            *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS
    CapacityP1, CapacityP2,          \* quantity of each provider's slot
    NeedR1, NeedR2,                  \* each recipient's stated need
    RecognitionP1R1MrPct, RecognitionP1R1SharePct,   \* MR and share, in hundredths
    RecognitionP1R2MrPct, RecognitionP1R2SharePct,
    RecognitionP2R1MrPct, RecognitionP2R1SharePct,
    RecognitionP2R2MrPct, RecognitionP2R2SharePct,
    Residual,                        \* "naive" or "net-of-others"
    Allocation,                      \* "reference" or "v2-one-pass"
    Visibility                       \* "async" or "atomic"

VARIABLES
    alloc,       \* alloc[P][R]: what P currently grants R (its own book)
    published,   \* published[P][R]: P's last publication
    seen         \* seen[P][R]: P's copy of the OTHER provider's grants to R

vars == <<alloc, published, seen>>

Providers  == {"P1", "P2"}
Recipients == {"R1", "R2"}
RecipientOrder == <<"R1", "R2">>   \* the canonical (public key) order

Capacity == [P1 |-> CapacityP1, P2 |-> CapacityP2]
Need     == [R1 |-> NeedR1, R2 |-> NeedR2]
MrPct    == [P1 |-> [R1 |-> RecognitionP1R1MrPct, R2 |-> RecognitionP1R2MrPct],
             P2 |-> [R1 |-> RecognitionP2R1MrPct, R2 |-> RecognitionP2R2MrPct]]
SharePct == [P1 |-> [R1 |-> RecognitionP1R1SharePct, R2 |-> RecognitionP1R2SharePct],
             P2 |-> [R1 |-> RecognitionP2R1SharePct, R2 |-> RecognitionP2R2SharePct]]

ASSUME Residual \in {"naive", "net-of-others"}
ASSUME Allocation \in {"reference", "v2-one-pass"}
ASSUME Visibility \in {"async", "atomic"}

-----------------------------------------------------------------------------
(* Helpers. *)

Max2(a, b) == IF a >= b THEN a ELSE b
Min2(a, b) == IF a <= b THEN a ELSE b
Range(s) == {s[k] : k \in DOMAIN s}

RECURSIVE SumSeq(_)
SumSeq(s) == IF s = <<>> THEN 0 ELSE Head(s) + SumSeq(Tail(s))

Other(p) == IF p = "P1" THEN "P2" ELSE "P1"
ZeroBook == [r \in Recipients |-> 0]
Total(b) == b["R1"] + b["R2"]

\* 1 mutual (MR > 0), 2 one-way (MR = 0, share > 0), 0 not recognised.
Tier(p, r) ==
    IF MrPct[p][r] > 0 THEN 1 ELSE IF SharePct[p][r] > 0 THEN 2 ELSE 0

\* The recognition weight within the recipient's tier (not renormalised).
Weight(p, r) == IF Tier(p, r) = 1 THEN MrPct[p][r] ELSE SharePct[p][r]

IndexOf(r) == CHOOSE k \in 1..Len(RecipientOrder) : RecipientOrder[k] = r

\* The saturation order within a tier: weight descending, then public key.
Before(a, b, w) == w[a] > w[b] \/ (w[a] = w[b] /\ IndexOf(a) < IndexOf(b))

RECURSIVE RankOrder(_, _)
\* The recipients of S as a sequence in saturation order.
RankOrder(S, w) ==
    IF S = {} THEN << >>
    ELSE LET first == CHOOSE a \in S : \A b \in S \ {a} : Before(a, b, w)
         IN  <<first>> \o RankOrder(S \ {first}, w)

\* Seed 000's residual need of r as p sees it: need minus what p has seen the
\* other provider grant (net-of-others), or minus everything r received,
\* p's own grant included (naive).  Never negative.
ResidualOf(p, r) ==
    IF Residual = "naive"
    THEN Max2(0, Need[r] - (alloc[p][r] + seen[p][r]))
    ELSE Max2(0, Need[r] - seen[p][r])

\* The sum of the weights w[r] * d[r] of the recipients in sequence L.
WSum(L, w, d) == SumSeq([k \in 1..Len(L) |-> w[L[k]] * d[L[k]]])

RECURSIVE WaterFill(_, _, _, _, _)
\* Reference water-filling of the capacity ln / ld over the recipients L (in
\* rank order) with demands d and weights w: the first recipient is
\* saturated when the water level reaches its demand, and then the rest
\* share what remains; otherwise every remaining recipient receives in
\* proportion to its weight.  Returns the grants (rounded down) and the
\* capacity used, un / ud.
WaterFill(L, ln, ld, w, d) ==
    IF L = <<>> \/ ln <= 0
    THEN [amt |-> [x \in Range(L) |-> 0], un |-> 0, ud |-> 1]
    ELSE LET r == Head(L)
             W == WSum(L, w, d)
         IN  IF ln * w[r] >= ld * W
             THEN LET rest == WaterFill(Tail(L), ln - d[r] * ld, ld, w, d)
                  IN  [amt |-> (r :> d[r]) @@ rest.amt,
                       un  |-> d[r] * rest.ud + rest.un,
                       ud  |-> rest.ud]
             ELSE [amt |-> [s \in Range(L) |->
                              Min2(d[s], (ln * w[s] * d[s]) \div (ld * W))],
                   un  |-> ln,
                   ud  |-> ld]

\* The seeds' one pass: each recipient's proportional share of ln / ld,
\* capped at its demand; what capping frees is not redistributed.
OnePass(L, ln, ld, w, d) ==
    IF L = <<>> \/ ln <= 0
    THEN [amt |-> [x \in Range(L) |-> 0], un |-> 0, ud |-> 1]
    ELSE LET W == WSum(L, w, d)
             Capped(s) == ln * w[s] >= ld * W
         IN  [amt |-> [s \in Range(L) |->
                          IF Capped(s) THEN d[s] ELSE (ln * w[s] * d[s]) \div (ld * W)],
              un  |-> SumSeq([k \in 1..Len(L) |->
                          IF Capped(L[k]) THEN d[L[k]] * ld * W
                          ELSE ln * w[L[k]] * d[L[k]]]),
              ud  |-> ld * W]

TierFill(L, ln, ld, w, d) ==
    IF Allocation = "reference" THEN WaterFill(L, ln, ld, w, d)
    ELSE OnePass(L, ln, ld, w, d)

\* What p would grant now: its slot allocated over the residuals it sees,
\* tier 1 first, then tier 2 from what tier 1 left.
Grants(p) ==
    LET d   == [r \in Recipients |-> ResidualOf(p, r)]
        w   == [r \in Recipients |-> Weight(p, r)]
        L1  == RankOrder({r \in Recipients : Tier(p, r) = 1 /\ d[r] > 0}, w)
        L2  == RankOrder({r \in Recipients : Tier(p, r) = 2 /\ d[r] > 0}, w)
        f1  == TierFill(L1, Capacity[p], 1, w, d)
        f2  == TierFill(L2, Max2(0, Capacity[p] * f1.ud - f1.un), f1.ud, w, d)
        amt == f1.amt @@ f2.amt
    IN  [r \in Recipients |-> IF r \in DOMAIN amt THEN amt[r] ELSE 0]

-----------------------------------------------------------------------------

\* Every book holds integers between 0 and the capacity of the provider
\* whose grants it records.
TypeInvariant ==
    \A p \in Providers :
        /\ alloc[p] \in [Recipients -> 0..Capacity[p]]
        /\ published[p] \in [Recipients -> 0..Capacity[p]]
        /\ seen[p] \in [Recipients -> 0..Capacity[Other(p)]]

\* Nobody has granted, published or seen anything.
Init ==
    /\ alloc = [p \in Providers |-> ZeroBook]
    /\ published = [p \in Providers |-> ZeroBook]
    /\ seen = [p \in Providers |-> ZeroBook]

\* Allocation Computation (seed 003, reactive on change): p reallocates its
\* slot over the residual needs it sees (seed 000's residual), if that
\* changes its grants.  With atomic visibility the new grants are published
\* and delivered in the same step.
Recompute(p) ==
    LET g == Grants(p)
    IN  /\ g # alloc[p]
        /\ alloc' = [alloc EXCEPT ![p] = g]
        /\ IF Visibility = "atomic"
           THEN /\ published' = [published EXCEPT ![p] = g]
                /\ seen' = [seen EXCEPT ![Other(p)] = g]
           ELSE UNCHANGED <<published, seen>>

\* Allocation Publishing (seed 003): p broadcasts its current grants.
Publish(p) ==
    /\ published[p] # alloc[p]
    /\ published' = [published EXCEPT ![p] = alloc[p]]
    /\ UNCHANGED <<alloc, seen>>

\* Network sync (seed 001's network stores): p's latest publication reaches
\* the other provider.
Deliver(p) ==
    /\ seen[Other(p)] # published[p]
    /\ seen' = [seen EXCEPT ![Other(p)] = published[p]]
    /\ UNCHANGED <<alloc, published>>

\* Allocation Computation by P1 (seed 003 / seed 000 residual).
RecomputeP1 == Recompute("P1")
\* Allocation Computation by P2 (seed 003 / seed 000 residual).
RecomputeP2 == Recompute("P2")
\* Allocation Publishing by P1 (seed 003).
PublishP1 == Publish("P1")
\* Allocation Publishing by P2 (seed 003).
PublishP2 == Publish("P2")
\* Network sync of P1's publication to P2 (seed 001).
DeliverP1 == Deliver("P1")
\* Network sync of P2's publication to P1 (seed 001).
DeliverP2 == Deliver("P2")

Next ==
    \/ RecomputeP1
    \/ RecomputeP2
    \/ PublishP1
    \/ PublishP2
    \/ DeliverP1
    \/ DeliverP2

Spec == Init /\ [][Next]_vars

\* Weak fairness of every recomputation, publication and delivery (the
\* fairness list of EventuallySettled in the TS model).
Fairness ==
    /\ WF_vars(RecomputeP1)
    /\ WF_vars(RecomputeP2)
    /\ WF_vars(PublishP1)
    /\ WF_vars(PublishP2)
    /\ WF_vars(DeliverP1)
    /\ WF_vars(DeliverP2)

FairSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* Invariants and properties. *)

\* ALLOC-CAP-1: each provider grants in total at most its slot's capacity.
CapacityConservation == \A p \in Providers : Total(alloc[p]) <= Capacity[p]

\* ALLOC-CONTRACT-1/2 per provider: no provider grants a recipient more than
\* its stated need.
Contractiveness == \A p \in Providers, r \in Recipients : alloc[p][r] <= Need[r]

\* ALLOC-TIER-1 at a recomputation by p: if p now grants anything to a
\* one-way recipient, every mutual recipient's residual (as p saw it before
\* the step) is met.
TierRespected(p) ==
    (\E r \in Recipients : Tier(p, r) = 2 /\ alloc'[p][r] > 0)
        => \A r \in Recipients : Tier(p, r) = 1 => alloc'[p][r] >= ResidualOf(p, r)

TierPriority ==
    [][\A p \in Providers : Recompute(p) => TierRespected(p)]_vars

\* No provider would change its grants, and every publication is current and
\* delivered.
Settled ==
    \A p \in Providers :
        /\ Grants(p) = alloc[p]
        /\ published[p] = alloc[p]
        /\ seen[Other(p)] = published[p]

\* Under weak fairness of every action the providers eventually settle
\* (seed 000, "why this converges").
EventuallySettled == <>Settled

\* The TS model declares the settled states terminal: having no successor
\* there is intended.  TLC cannot exempt states from its deadlock check, so
\* the .cfg turns it off and checks this invariant instead.
Terminal == Settled
NoDeadlock == Terminal \/ ENABLED Next

=============================================================================
