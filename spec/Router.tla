------------------------------- MODULE Router -------------------------------
(***************************************************************************)
(* TLA+ twin of models/Router.ts (see spec/SPEC.md section 12).            *)
(*                                                                         *)
(* Seed 004's message router: a bounded broadcast channel per lane (when a *)
(* lane is full, a new message overwrites the oldest one and the receiver  *)
(* lags), duplicate detection of inventory announcements with an LRU cache *)
(* whose entries expire after TTL ticks (an item seen less than TTL ago is *)
(* dropped), and priority lanes: with Lanes = "split", control events have *)
(* a lane of their own that the subscriber serves first.  Time is logical: *)
(* Tick ages every cache entry by one.                                     *)
(*                                                                         *)
(* Data messages announce one of the first Items inventory items ("a",     *)
(* "b", ...), from any peer, so duplicates occur.  A control message       *)
(* ("ctl") is emitted when none is outstanding.                            *)
(*                                                                         *)
(* State encoding: the same as the TS model's (lanes a sequence of         *)
(* sequences, lane 1 being the control lane when split, i.e. the TS lane   *)
(* 0; the cache a sequence of [item, age] records, least recently used     *)
(* first; fwdAge a function from items to ages; strings for last).         *)
(*                                                                         *)
(* Expected result, default configuration "lanes" (models/registry.ts):    *)
(*   TS checker: 82 distinct states, depth 7, verdict ok.                  *)
(* The TS model fingerprints a view that leaves out the history variable   *)
(* last, so states differing only in last are one state there.  TLC        *)
(* distinguishes them unless VIEW View is declared: without it TLC should  *)
(* find 178 distinct states (depth 8 in TLC's counting, which starts at 1  *)
(* for the initial state); with it, 82.  The .cfg leaves VIEW out because  *)
(* TLC's liveness checking under a VIEW is not reliable; last never        *)
(* influences a successor, so the verdicts are the same either way.       *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS
    Items,            \* how many distinct inventory items peers announce (1..4)
    Lanes,            \* "split": a control lane and a data lane; "single": one shared lane
    LaneCapacity,     \* capacity of the data lane (or of the single lane)
    ControlCapacity,  \* capacity of the control lane (split only)
    CacheSize,        \* entries of the dedup LRU cache
    TTL,              \* ticks after which a cache entry expires
    RefreshOnDrop     \* does a dropped duplicate refresh its cache entry?

\* Note: the constant Lanes (the lane layout) and the variable lanes (the
\* queues) are different identifiers.
VARIABLES
    lanes,       \* one queue per lane (lane 1 = control lane when split); messages "ctl", "a", ...
    cache,       \* dedup LRU: sequence of [item, age], least recently used first
    fwdAge,      \* history: per item, ticks since it was last forwarded (TTL = not within TTL)
    ctlPending,  \* history: a control message was emitted and not yet consumed
    last         \* history: what the last Receive did ("drop a", "forward a", "none")

vars == <<lanes, cache, fwdAge, ctlPending, last>>

\* What the TS model fingerprints (everything but last).
View == <<lanes, cache, fwdAge, ctlPending>>

ASSUME Items \in 1..4
ASSUME Lanes \in {"single", "split"}
ASSUME RefreshOnDrop \in BOOLEAN

ItemNames == <<"a", "b", "c", "d">>
ItemSet == {ItemNames[k] : k \in 1..Items}

Min2(a, b) == IF a <= b THEN a ELSE b

ControlLane == 1
DataLane == IF Lanes = "split" THEN 2 ELSE 1
CapacityOf(lane) ==
    IF Lanes = "split" /\ lane = ControlLane THEN ControlCapacity ELSE LaneCapacity

\* Broadcast send: append m to the lane; when the lane is over capacity, the
\* oldest message is overwritten (dropped).
SendTo(lane, m) ==
    LET q == Append(lanes[lane], m)
    IN  [lanes EXCEPT ![lane] = IF Len(q) > CapacityOf(lane) THEN Tail(q) ELSE q]

\* Seed 004's should_drop_inv: the item is in the cache and younger than TTL.
CachedFresh(item) ==
    \E k \in 1..Len(cache) : cache[k].item = item /\ cache[k].age < TTL

\* LRU insert or touch with age 0, evicting the least recently used entries
\* beyond CacheSize.
Touch(c, item) ==
    LET Other(e) == e.item # item
        nxt == Append(SelectSeq(c, Other), [item |-> item, age |-> 0])
    IN  IF CacheSize = 0 THEN << >>
        ELSE IF Len(nxt) > CacheSize THEN SubSeq(nxt, Len(nxt) - CacheSize + 1, Len(nxt))
        ELSE nxt

-----------------------------------------------------------------------------

TypeInvariant ==
    /\ Len(lanes) = (IF Lanes = "split" THEN 2 ELSE 1)
    /\ \A k \in 1..Len(lanes) : Len(lanes[k]) <= CapacityOf(k)
    /\ Len(cache) <= CacheSize
    /\ \A k \in 1..Len(cache) : cache[k].age >= 0 /\ cache[k].age < TTL
    /\ fwdAge \in [ItemSet -> 0..TTL]
    /\ \A k \in 1..Len(lanes) :
          \A j \in 1..Len(lanes[k]) : lanes[k][j] \in ItemSet \cup {"ctl"}

Init ==
    /\ lanes = IF Lanes = "split" THEN << << >>, << >> >> ELSE << << >> >>
    /\ cache = << >>
    /\ fwdAge = [i \in ItemSet |-> TTL]
    /\ ctlPending = FALSE
    /\ last = "none"

\* An inventory announcement of some item arrives (seed 004's emit_message):
\* a fresh duplicate is dropped (refreshing its cache entry if RefreshOnDrop),
\* anything else is forwarded on the data lane and cached.
Receive ==
    \E item \in ItemSet :
        IF CachedFresh(item)
        THEN /\ cache' = IF RefreshOnDrop THEN Touch(cache, item) ELSE cache
             /\ last' = "drop " \o item
             /\ UNCHANGED <<lanes, fwdAge, ctlPending>>
        ELSE /\ lanes' = SendTo(DataLane, item)
             /\ cache' = Touch(cache, item)
             /\ fwdAge' = [fwdAge EXCEPT ![item] = 0]
             /\ last' = "forward " \o item
             /\ UNCHANGED ctlPending

\* A control event (seed 004's ControlEvent: Connected, Ping) is emitted into
\* the control lane (or the single lane), one outstanding at a time.
EmitControl ==
    /\ ~ctlPending
    /\ lanes' = SendTo(ControlLane, "ctl")
    /\ ctlPending' = TRUE
    /\ last' = "none"
    /\ UNCHANGED <<cache, fwdAge>>

\* The subscriber takes the next event, from the first non-empty lane: the
\* control lane first when split (seed 004's prioritisation).
Consume ==
    \E k \in 1..Len(lanes) :
        /\ lanes[k] # << >>
        /\ \A j \in 1..(k - 1) : lanes[j] = << >>
        /\ lanes' = [lanes EXCEPT ![k] = Tail(@)]
        /\ ctlPending' = IF Head(lanes[k]) = "ctl" THEN FALSE ELSE ctlPending
        /\ last' = "none"
        /\ UNCHANGED <<cache, fwdAge>>

\* Logical time passes (seed 004's dedup window): cache entries age, those
\* reaching TTL expire, and the forwarding ages grow up to TTL.
Tick ==
    LET aged == [k \in 1..Len(cache) |-> [cache[k] EXCEPT !.age = @ + 1]]
        Fresh(e) == e.age < TTL
    IN  /\ cache' = SelectSeq(aged, Fresh)
        /\ fwdAge' = [i \in ItemSet |-> Min2(TTL, fwdAge[i] + 1)]
        /\ last' = "none"
        /\ UNCHANGED <<lanes, ctlPending>>

Next ==
    \/ Receive
    \/ EmitControl
    \/ Consume
    \/ Tick

Spec == Init /\ [][Next]_vars

\* Weak fairness of Consume only (the fairness list of ControlNeverStarved).
Fairness == WF_vars(Consume)

FairSpec == Spec /\ Fairness

-----------------------------------------------------------------------------

\* With split lanes, data never enters the control lane and control never
\* enters the data lane.
ControlOnlyInControlLane ==
    \/ Lanes = "single"
    \/ /\ \A j \in 1..Len(lanes[ControlLane]) : lanes[ControlLane][j] = "ctl"
       /\ \A j \in 1..Len(lanes[DataLane]) : lanes[DataLane][j] # "ctl"

\* Dedup only drops an item that was forwarded less than TTL ticks ago.
NoNonDuplicateDropped ==
    [][\A i \in ItemSet : (Receive /\ last' = "drop " \o i) => fwdAge[i] < TTL]_vars

\* A control message that was emitted is eventually consumed, under weak
\* fairness of Consume.
ControlNeverStarved == ctlPending ~> ~ctlPending

=============================================================================
