------------------------------ MODULE V1Rounds ------------------------------
(***************************************************************************)
(* TLA+ twin of models/V1Rounds.ts (see spec/SPEC.md section 12).          *)
(*                                                                         *)
(* The V1 protocol's round coordination (seeds 001 and 002): three         *)
(* participants A, B, C, each in a round, with vector clocks.  Advancing   *)
(* increments the participant's own clock entry, so vc[i][j] is the round  *)
(* of j that i knows of.  Participants gossip their clocks; a receiver     *)
(* ignores a clock that tells it nothing new (leq) and otherwise merges it *)
(* (pointwise maximum).  A participant advances when at least ThresholdPct *)
(* per cent of its active peers (those it can reach now) are known to be   *)
(* at its round or further; with no active peer that holds vacuously.  If  *)
(* Partitions is TRUE the network may split into blocks and heal.          *)
(* MaxRound is a finite horizon: nobody advances past it, and the states   *)
(* in which all three reached it are terminal.                             *)
(*                                                                         *)
(* State encoding versus the TypeScript model: a vector clock is a total   *)
(* function (the TS clocks omit zero entries) and the partition is a set   *)
(* of blocks, each a set of participants (the TS model uses sorted block   *)
(* strings such as <<"AB", "C">>).  Both are in bijection with the TS      *)
(* values, so TLC should count the same states as the TS checker.          *)
(*                                                                         *)
(* Expected result, default configuration "all-peers" (models/registry.ts):*)
(*   TS checker: 565 distinct states, depth 17, verdict ok.                *)
(*   TLC reports depth 18 (it counts the initial state as depth 1).        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS
    ThresholdPct,   \* advance when at least this % of active peers are at my round or ahead
    MaxRound,       \* the last round
    Partitions      \* TRUE: the network may split and heal

VARIABLES
    round,       \* round[i]
    vc,          \* vc[i][j]: the round of j that i knows of (i's vector clock)
    partition    \* the blocks of the current partition; a block is connected

vars == <<round, vc, partition>>

ASSUME Partitions \in BOOLEAN

Participants == {"A", "B", "C"}

\* Every partition of {A, B, C}.
AllPartitions ==
    { {{"A", "B", "C"}},
      {{"A"}, {"B", "C"}},
      {{"A", "C"}, {"B"}},
      {{"A", "B"}, {"C"}},
      {{"A"}, {"B"}, {"C"}} }

Max2(a, b) == IF a >= b THEN a ELSE b

Connected(i, j) == \E b \in partition : i \in b /\ j \in b
Peers(i) == Participants \ {i}
ActivePeers(i) == {j \in Peers(i) : Connected(i, j)}

\* Seed 002's rule: at least ThresholdPct % of the active peers are known to
\* be at my round or ahead.
MayAdvance(i) ==
    LET active == ActivePeers(i)
        ready  == {j \in active : vc[i][j] >= round[i]}
    IN  100 * Cardinality(ready) >= ThresholdPct * Cardinality(active)

VcLeq(a, b) == \A k \in Participants : a[k] <= b[k]
VcJoin(a, b) == [k \in Participants |-> Max2(a[k], b[k])]

-----------------------------------------------------------------------------

TypeInvariant ==
    /\ round \in [Participants -> 0..MaxRound]
    /\ vc \in [Participants -> [Participants -> Nat]]
    /\ partition \in AllPartitions

\* Everyone in round 0 with an empty clock, all connected.
Init ==
    /\ round = [i \in Participants |-> 0]
    /\ vc = [i \in Participants |-> [j \in Participants |-> 0]]
    /\ partition = {Participants}

\* Phase advancement check (seeds 001/002) with self increment: i, below the
\* last round, advances when the threshold rule holds, and increments its
\* own clock entry.
Advance(i) ==
    /\ round[i] < MaxRound
    /\ MayAdvance(i)
    /\ round' = [round EXCEPT ![i] = @ + 1]
    /\ vc' = [vc EXCEPT ![i][i] = @ + 1]
    /\ UNCHANGED partition

\* Coordination gossip and clock merge (seed 001): i's clock reaches j, which
\* ignores it when it is stale (leq) and merges it otherwise.
Gossip(i, j) ==
    /\ Connected(i, j)
    /\ ~VcLeq(vc[i], vc[j])
    /\ vc' = [vc EXCEPT ![j] = VcJoin(vc[j], vc[i])]
    /\ UNCHANGED <<round, partition>>

\* Phase advancement of A (seeds 001/002).
AdvanceA == Advance("A")
\* Phase advancement of B (seeds 001/002).
AdvanceB == Advance("B")
\* Phase advancement of C (seeds 001/002).
AdvanceC == Advance("C")
\* Gossip of A's clock to B (seed 001).
GossipAB == Gossip("A", "B")
\* Gossip of A's clock to C (seed 001).
GossipAC == Gossip("A", "C")
\* Gossip of B's clock to A (seed 001).
GossipBA == Gossip("B", "A")
\* Gossip of B's clock to C (seed 001).
GossipBC == Gossip("B", "C")
\* Gossip of C's clock to A (seed 001).
GossipCA == Gossip("C", "A")
\* Gossip of C's clock to B (seed 001).
GossipCB == Gossip("C", "B")

\* Partition tolerance (seed 002, section 8): when partitions are allowed,
\* the network splits into other blocks or heals.
Repartition ==
    /\ Partitions
    /\ \E q \in AllPartitions \ {partition} : partition' = q
    /\ UNCHANGED <<round, vc>>

Next ==
    \/ AdvanceA
    \/ AdvanceB
    \/ AdvanceC
    \/ GossipAB
    \/ GossipAC
    \/ GossipBA
    \/ GossipBC
    \/ GossipCA
    \/ GossipCB
    \/ Repartition

Spec == Init /\ [][Next]_vars

\* Weak fairness of advancing and gossip (not of Repartition).
Fairness ==
    /\ WF_vars(AdvanceA)
    /\ WF_vars(AdvanceB)
    /\ WF_vars(AdvanceC)
    /\ WF_vars(GossipAB)
    /\ WF_vars(GossipAC)
    /\ WF_vars(GossipBA)
    /\ WF_vars(GossipBC)
    /\ WF_vars(GossipCA)
    /\ WF_vars(GossipCB)

FairSpec == Spec /\ Fairness

-----------------------------------------------------------------------------

\* Each participant's own clock entry is its round (one self increment per
\* advance).
ClockCountsRounds == \A i \in Participants : vc[i][i] = round[i]

\* Nobody believes a peer is further than it is.
KnowledgeSound == \A i, j \in Participants : vc[i][j] <= round[j]

\* Connected participants are never more than one round apart.
RoundsWithinOne ==
    \A i, j \in Participants :
        Connected(i, j) => (round[i] <= round[j] + 1 /\ round[j] <= round[i] + 1)

AllDone == \A i \in Participants : round[i] = MaxRound

\* Under weak fairness of advancing and gossip, everyone reaches the last
\* round.
EventuallyAllAtMaxRound == <>AllDone

\* The TS model declares the states where everyone is done terminal.  TLC
\* cannot exempt states from its deadlock check, so the .cfg turns it off and
\* checks this invariant instead.
Terminal == AllDone
NoDeadlock == Terminal \/ ENABLED Next

=============================================================================
