---------------------------- MODULE ItcCausality ----------------------------
(***************************************************************************)
(* TLA+ twin of models/ItcCausality.ts (see spec/SPEC.md section 12).      *)
(*                                                                         *)
(* Interval Tree Clocks used for causality, as V2 uses them (seed 003):    *)
(* a participant may fork its stamp so that a newcomer takes half of its   *)
(* id, record a local event, publish (event, then an anonymous copy of the *)
(* stamp travels with the update), receive an update (join, then event),   *)
(* or retire by joining its stamp into another participant's.  Every       *)
(* stamp carries, as a history variable, the set of event tokens in its    *)
(* causal past, so that leq on stamps can be checked against ground truth. *)
(*                                                                         *)
(* The ITC operations below (split, sum, fill, grow, join, leq, normal     *)
(* forms) transcribe the paper of Almeida, Baquero and Fonte (OPODIS 2008) *)
(* as implemented by src/core/itc, including grow's cost rule (a new node  *)
(* costs 1000, each level 1, ties go right).                               *)
(*                                                                         *)
(* Encoding (chosen so that TLC never compares values of different kinds): *)
(*   Id    = <<0>> | <<1>> | <<l, r>>          (l, r Ids)                  *)
(*   Ev    = <<n>> | <<n, l, r>>               (l, r Evs)                  *)
(*   Stamp = [id |-> Id, event |-> Ev]                                     *)
(*   event tokens: the natural numbers 0, 1, ... (the TS model's "e0",...)*)
(*                                                                         *)
(* State encoding versus the TypeScript model:                             *)
(*   procs      a SET of participants [stamp, hist].  The TS model keeps a *)
(*              sequence and declares a SYMMETRY that sorts it; live       *)
(*              participants own disjoint non-zero ids, so they are always *)
(*              distinct and the set is exactly the symmetry class.        *)
(*   bag        a multiset of messages, as a function from message to its  *)
(*              (positive) number of copies; the TS model keeps a sorted   *)
(*              sequence, which is the same multiset.                      *)
(*   nextEvent  the number of events so far.                               *)
(* So the two state spaces are in bijection and TLC should count the same  *)
(* distinct states as the TS checker.                                      *)
(*                                                                         *)
(* The TS model's state CONSTRAINT ("checked but not expanded") is the     *)
(* ACTION_CONSTRAINT StateConstraint in the .cfg: TLC's own CONSTRAINT     *)
(* would drop the states that violate it instead of checking them, and     *)
(* count fewer states.                                                     *)
(*                                                                         *)
(* Expected result, default configuration "two" (models/registry.ts):      *)
(*   TS checker: 1359 distinct states, depth 9, verdict ok.                *)
(*   TLC reports depth 10 (it counts the initial state as depth 1).  The   *)
(*   counts should coincide; if they do not, the encodings differ (for     *)
(*   instance if procs were made a sequence without symmetry).            *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS
    MaxProcs,    \* participants at most: Fork is disabled at this many
    MaxEvents,   \* constraint: states with more events are not expanded
    MaxBag,      \* constraint: states with more messages in flight are not expanded
    MaxIdDepth   \* constraint: states with a deeper id tree are not expanded

VARIABLES
    procs,       \* set of live participants [stamp |-> Stamp, hist |-> SUBSET Nat]
    bag,         \* messages in flight: [message -> number of copies], message = [stamp, hist]
    nextEvent    \* number of events so far; the next event's token is nextEvent

vars == <<procs, bag, nextEvent>>

-----------------------------------------------------------------------------
(* Small helpers. *)

Max2(a, b) == IF a >= b THEN a ELSE b
Min2(a, b) == IF a <= b THEN a ELSE b

RECURSIVE SumOver(_, _)
\* The sum of f[x] over the finite set S.
SumOver(f, S) ==
    IF S = {} THEN 0
    ELSE LET x == CHOOSE y \in S : TRUE
         IN  f[x] + SumOver(f, S \ {x})

MaxOf(S) == CHOOSE x \in S : \A y \in S : y <= x

-----------------------------------------------------------------------------
(* Ids. *)

IdZero == <<0>>
IdOne  == <<1>>
IsLeafId(i) == Len(i) = 1
IsZeroId(i) == Len(i) = 1 /\ i[1] = 0
IsOneId(i)  == Len(i) = 1 /\ i[1] = 1

\* The normal id built from two normal children: (0, 0) is 0 and (1, 1) is 1.
MkId(l, r) ==
    IF IsZeroId(l) /\ IsZeroId(r) THEN IdZero
    ELSE IF IsOneId(l) /\ IsOneId(r) THEN IdOne
    ELSE <<l, r>>

RECURSIVE Split(_)
\* split(i): two disjoint ids whose sum is i.
Split(i) ==
    IF IsZeroId(i) THEN <<IdZero, IdZero>>
    ELSE IF IsOneId(i) THEN << <<IdOne, IdZero>>, <<IdZero, IdOne>> >>
    ELSE IF IsZeroId(i[1])
         THEN LET s == Split(i[2]) IN << <<IdZero, s[1]>>, <<IdZero, s[2]>> >>
    ELSE IF IsZeroId(i[2])
         THEN LET s == Split(i[1]) IN << <<s[1], IdZero>>, <<s[2], IdZero>> >>
    ELSE << <<i[1], IdZero>>, <<IdZero, i[2]>> >>

RECURSIVE Sum(_, _)
\* sum(a, b): the union of two disjoint ids (joining overlapping ids is an error).
Sum(a, b) ==
    IF IsZeroId(a) THEN b
    ELSE IF IsZeroId(b) THEN a
    ELSE IF IsOneId(a) \/ IsOneId(b)
         THEN Assert(FALSE, "ITC_OVERLAPPING_IDS: join of overlapping ids")
    ELSE MkId(Sum(a[1], b[1]), Sum(a[2], b[2]))

RECURSIVE Overlaps(_, _)
\* Do two ids share part of the interval?
Overlaps(a, b) ==
    IF IsZeroId(a) \/ IsZeroId(b) THEN FALSE
    ELSE IF IsOneId(a) \/ IsOneId(b) THEN TRUE
    ELSE Overlaps(a[1], b[1]) \/ Overlaps(a[2], b[2])

RECURSIVE IdDepth(_)
IdDepth(i) == IF IsLeafId(i) THEN 0 ELSE 1 + Max2(IdDepth(i[1]), IdDepth(i[2]))

RECURSIVE MeasureAt(_, _)
\* The part of the interval that i owns, times 2^k (exact when k >= IdDepth(i)).
MeasureAt(i, k) ==
    IF IsZeroId(i) THEN 0
    ELSE IF IsOneId(i) THEN 2 ^ k
    ELSE MeasureAt(i[1], k - 1) + MeasureAt(i[2], k - 1)

RECURSIVE IsNormalId(_)
IsNormalId(i) ==
    IF Len(i) = 1 THEN i[1] \in {0, 1}
    ELSE /\ Len(i) = 2
         /\ IsNormalId(i[1])
         /\ IsNormalId(i[2])
         /\ ~(IsZeroId(i[1]) /\ IsZeroId(i[2]))
         /\ ~(IsOneId(i[1]) /\ IsOneId(i[2]))

-----------------------------------------------------------------------------
(* Event trees. *)

IsLeafEv(e) == Len(e) = 1
Base(e) == e[1]
Lift(e, m) == IF IsLeafEv(e) THEN <<e[1] + m>> ELSE <<e[1] + m, e[2], e[3]>>
Sink(e, m) == IF IsLeafEv(e) THEN <<e[1] - m>> ELSE <<e[1] - m, e[2], e[3]>>

\* The normal form of (n, l, r) from normal children: (n, m, m) is n + m for
\* integers, otherwise the children's common minimum moves up into the root.
MkEv(n, l, r) ==
    IF IsLeafEv(l) /\ IsLeafEv(r) /\ l[1] = r[1] THEN <<n + l[1]>>
    ELSE LET m == Min2(Base(l), Base(r))
         IN  <<n + m, Sink(l, m), Sink(r, m)>>

RECURSIVE MaxEv(_)
\* The largest counter in e.
MaxEv(e) == IF IsLeafEv(e) THEN e[1] ELSE e[1] + Max2(MaxEv(e[2]), MaxEv(e[3]))

RECURSIVE LeqEv(_, _)
\* a <= b pointwise (the paper's leq; b's minimum is its root, b being normal).
LeqEv(a, b) ==
    IF IsLeafEv(a) THEN a[1] <= Base(b)
    ELSE IF IsLeafEv(b)
         THEN /\ a[1] <= b[1]
              /\ LeqEv(Lift(a[2], a[1]), b)
              /\ LeqEv(Lift(a[3], a[1]), b)
    ELSE /\ a[1] <= b[1]
         /\ LeqEv(Lift(a[2], a[1]), Lift(b[2], b[1]))
         /\ LeqEv(Lift(a[3], a[1]), Lift(b[3], b[1]))

RECURSIVE JoinEv(_, _)
\* The pointwise maximum of a and b, in normal form.
JoinEv(a, b) ==
    IF IsLeafEv(a) /\ IsLeafEv(b) THEN <<Max2(a[1], b[1])>>
    ELSE IF IsLeafEv(a) THEN JoinEv(<<a[1], <<0>>, <<0>> >>, b)
    ELSE IF IsLeafEv(b) THEN JoinEv(a, <<b[1], <<0>>, <<0>> >>)
    ELSE IF a[1] > b[1] THEN JoinEv(b, a)
    ELSE MkEv(a[1],
              JoinEv(a[2], Lift(b[2], b[1] - a[1])),
              JoinEv(a[3], Lift(b[3], b[1] - a[1])))

RECURSIVE Fill(_, _)
\* fill(i, e): raise the counters of e inside the parts i owns as far as
\* possible without adding nodes.
Fill(i, e) ==
    IF IsZeroId(i) THEN e
    ELSE IF IsLeafEv(e) THEN e
    ELSE IF IsOneId(i) THEN <<MaxEv(e)>>
    ELSE IF IsOneId(i[1])
         THEN LET er == Fill(i[2], e[3])
              IN  MkEv(e[1], <<Max2(MaxEv(e[2]), Base(er))>>, er)
    ELSE IF IsOneId(i[2])
         THEN LET el == Fill(i[1], e[2])
              IN  MkEv(e[1], el, <<Max2(MaxEv(e[3]), Base(el))>>)
    ELSE MkEv(e[1], Fill(i[1], e[2]), Fill(i[2], e[3]))

GrowNodeCost == 1000

RECURSIVE Grow(_, _)
\* grow(i, e) = <<inflated event, cost>>: the cheapest inflation of e inside i,
\* incrementing one integer; adding a node costs GrowNodeCost, each level 1,
\* and ties go right.  Precondition: i # 0 and Fill(i, e) = e (so e is an
\* integer wherever i is 1).
Grow(i, e) ==
    IF IsOneId(i) THEN << <<e[1] + 1>>, 0 >>
    ELSE LET n     == e[1]
             el    == IF IsLeafEv(e) THEN <<0>> ELSE e[2]
             er    == IF IsLeafEv(e) THEN <<0>> ELSE e[3]
             extra == IF IsLeafEv(e) THEN GrowNodeCost + 1 ELSE 1
             gl    == Grow(i[1], el)
             gr    == Grow(i[2], er)
         IN  IF IsZeroId(i[2]) \/ (~IsZeroId(i[1]) /\ gl[2] < gr[2])
             THEN <<MkEv(n, gl[1], er), gl[2] + extra>>
             ELSE <<MkEv(n, el, gr[1]), gr[2] + extra>>

RECURSIVE IsNormalEv(_)
IsNormalEv(e) ==
    IF Len(e) = 1 THEN e[1] \in Nat
    ELSE /\ Len(e) = 3
         /\ e[1] \in Nat
         /\ IsNormalEv(e[2])
         /\ IsNormalEv(e[3])
         /\ Min2(Base(e[2]), Base(e[3])) = 0
         /\ ~(IsLeafEv(e[2]) /\ IsLeafEv(e[3]) /\ e[2][1] = e[3][1])

-----------------------------------------------------------------------------
(* Stamps. *)

SeedStamp == [id |-> IdOne, event |-> <<0>>]

IsNormalStamp(s) == IsNormalId(s.id) /\ IsNormalEv(s.event)

\* fork((i, e)) = ((i1, e), (i2, e)) with (i1, i2) = split(i).
ForkStamp(s) ==
    LET sp == Split(s.id)
    IN  << [id |-> sp[1], event |-> s.event], [id |-> sp[2], event |-> s.event] >>

\* peek((i, e)) = (0, e): an anonymous copy of the causal past.
Peek(s) == [id |-> IdZero, event |-> s.event]

\* event((i, e)): fill if that inflates the event, otherwise grow.
EventStamp(s) ==
    LET f == Fill(s.id, s.event)
    IN  [id |-> s.id, event |-> IF f # s.event THEN f ELSE Grow(s.id, s.event)[1]]

\* join((i1, e1), (i2, e2)) = (sum(i1, i2), e1 join e2).
JoinStamp(a, b) == [id |-> Sum(a.id, b.id), event |-> JoinEv(a.event, b.event)]

\* receive(s, msg) = event(join(s, msg)).
ReceiveStamp(s, m) == EventStamp(JoinStamp(s, m))

-----------------------------------------------------------------------------
(* The message bag (a multiset). *)

EmptyBag == [m \in {} |-> 0]

BagAdd(b, m) ==
    IF m \in DOMAIN b THEN [b EXCEPT ![m] = @ + 1]
    ELSE [x \in DOMAIN b \cup {m} |-> IF x = m THEN 1 ELSE b[x]]

BagRemove(b, m) ==
    IF b[m] = 1 THEN [x \in DOMAIN b \ {m} |-> b[x]]
    ELSE [b EXCEPT ![m] = @ - 1]

BagSize(b) == SumOver(b, DOMAIN b)

\* Replace participant p by the participants in the set new.
Replace(p, new) == (procs \ {p}) \cup new

-----------------------------------------------------------------------------

\* Every stamp is a normal-form ITC stamp; participants own a non-zero id,
\* messages none; histories are sets of event tokens.
TypeInvariant ==
    /\ nextEvent \in Nat
    /\ \A p \in procs :
          IsNormalStamp(p.stamp) /\ ~IsZeroId(p.stamp.id) /\ p.hist \subseteq Nat
    /\ \A m \in DOMAIN bag :
          /\ IsNormalStamp(m.stamp) /\ IsZeroId(m.stamp.id) /\ m.hist \subseteq Nat
          /\ bag[m] \in Nat /\ bag[m] > 0

\* One participant holding the seed stamp (1, 0), no events, no messages.
Init ==
    /\ procs = {[stamp |-> SeedStamp, hist |-> {}]}
    /\ bag = EmptyBag
    /\ nextEvent = 0

\* Participant Join (seed 003): a participant forks its stamp; it keeps one
\* half and the newcomer takes the other, with the same causal past.
Fork ==
    /\ Cardinality(procs) < MaxProcs
    /\ \E p \in procs :
          LET st == ForkStamp(p.stamp)
          IN  procs' = Replace(p, { [stamp |-> st[1], hist |-> p.hist],
                                    [stamp |-> st[2], hist |-> p.hist] })
    /\ UNCHANGED <<bag, nextEvent>>

\* Self Increment (seed 003): a participant records a local event before a
\* state change (its stamp becomes event(stamp)).
Event ==
    /\ \E p \in procs :
          procs' = Replace(p, { [stamp |-> EventStamp(p.stamp),
                                 hist  |-> p.hist \cup {nextEvent}] })
    /\ nextEvent' = nextEvent + 1
    /\ UNCHANGED bag

\* Publishing (seed 003): a participant increments its stamp and sends the
\* anonymous copy (peek) of it along with the update.
Send ==
    /\ \E p \in procs :
          LET st == EventStamp(p.stamp)
              h  == p.hist \cup {nextEvent}
          IN  /\ procs' = Replace(p, {[stamp |-> st, hist |-> h]})
              /\ bag' = BagAdd(bag, [stamp |-> Peek(st), hist |-> h])
    /\ nextEvent' = nextEvent + 1

\* Stamp Merge (seed 003): a participant takes a message from the bag, joins
\* the message's stamp into its own, then records an event.
Receive ==
    /\ \E m \in DOMAIN bag, p \in procs :
          /\ procs' = Replace(p, { [stamp |-> ReceiveStamp(p.stamp, m.stamp),
                                    hist  |-> p.hist \cup m.hist \cup {nextEvent}] })
          /\ bag' = BagRemove(bag, m)
    /\ nextEvent' = nextEvent + 1

\* Participant Leave (seed 003): a participant retires by joining its stamp
\* into another participant's (ITC join).
Retire ==
    /\ \E p, q \in procs :
          /\ p # q
          /\ procs' = (procs \ {p, q})
                      \cup { [stamp |-> JoinStamp(p.stamp, q.stamp),
                              hist  |-> p.hist \cup q.hist] }
    /\ UNCHANGED <<bag, nextEvent>>

Next ==
    \/ Fork
    \/ Event
    \/ Send
    \/ Receive
    \/ Retire

Spec == Init /\ [][Next]_vars

\* The TS model's constraint (used as TLC's ACTION_CONSTRAINT: a state that
\* violates it is checked but none of its successors is generated).
StateConstraint ==
    /\ nextEvent <= MaxEvents
    /\ BagSize(bag) <= MaxBag
    /\ \A p \in procs : IdDepth(p.stamp.id) <= MaxIdDepth

-----------------------------------------------------------------------------
(* Invariants. *)

\* ITC-6: no two live participants own overlapping parts of the interval.
LiveIdsDisjoint ==
    \A p, q \in procs : p # q => ~Overlaps(p.stamp.id, q.stamp.id)

\* The live ids together own the whole interval: forks and joins never lose
\* a part.
IdsCoverInterval ==
    /\ procs # {}
    /\ LET k == MaxOf({IdDepth(p.stamp.id) : p \in procs})
       IN  SumOver([p \in procs |-> MeasureAt(p.stamp.id, k)], procs) = 2 ^ k

\* ITC-7: for any two stamps, of participants or messages, leq holds exactly
\* when the first one's causal past is contained in the second one's.
LeqMatchesHistory ==
    LET all == procs \cup DOMAIN bag
    IN  \A a, b \in all :
           LeqEv(a.stamp.event, b.stamp.event) <=> (a.hist \subseteq b.hist)

=============================================================================
