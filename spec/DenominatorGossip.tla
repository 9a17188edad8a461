-------------------------- MODULE DenominatorGossip --------------------------
(***************************************************************************)
(* TLA+ twin of models/DenominatorGossip.ts (see spec/SPEC.md section 12). *)
(*                                                                         *)
(* Seed 000's peer-to-peer denominator algorithm, discretised: a single    *)
(* provider with a small integer capacity and two recipients R1, R2 that   *)
(* ask it for allocations asynchronously.  A recipient's expected amount   *)
(* comes from its local estimate of the provider's denominator, which      *)
(* gossip keeps changing; the model abstracts the estimate away, so a      *)
(* request may carry any amount from 1 to the recipient's residual need.   *)
(*                                                                         *)
(* The provider grants min(expected, available capacity, residual need)    *)
(* and books it: with Book = "seed" the grant overwrites the recipient's   *)
(* entry (as seed 000 writes it), with Book = "corrected" it is added.     *)
(* The available capacity is the capacity minus the sum of the book.  The  *)
(* end of a round (seed 000's reset) returns every grant and clears the    *)
(* book, when no message is in flight.                                     *)
(*                                                                         *)
(* State encoding versus the TypeScript model: requests and responses are  *)
(* SETS of messages here and sorted sequences there.  A recipient never    *)
(* has more than one message in flight (Request requires that it has      *)
(* none), so no message can occur twice and the encodings are in          *)
(* bijection; TLC should count the same states as the TS checker.          *)
(*                                                                         *)
(* Expected result, default configuration "corrected" (models/registry.ts):*)
(*   TS checker: 123 distinct states, depth 10, verdict ok.                *)
(*   TLC reports depth 11 (it counts the initial state as depth 1).        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS
    Capacity,        \* the provider's capacity
    NeedR1, NeedR2,  \* each recipient's need
    Book             \* "seed" (overwrite the book entry) or "corrected" (accumulate)

\* Note: the constant Book (the book-update rule) and the variable book (the
\* provider's book) are different identifiers.
VARIABLES
    book,        \* book[R]: the provider's current_allocations[R]
    requests,    \* AllocationRequest messages in flight [from, expected, residual]
    responses,   \* AllocationResponse messages in flight [to, amount]
    held         \* held[R]: what R received this round (its satisfaction)

vars == <<book, requests, responses, held>>

ASSUME Book \in {"seed", "corrected"}

Recipients == {"R1", "R2"}
Need == [R1 |-> NeedR1, R2 |-> NeedR2]

Max2(a, b) == IF a >= b THEN a ELSE b
Min2(a, b) == IF a <= b THEN a ELSE b
Total(b) == b["R1"] + b["R2"]
ZeroBook == [r \in Recipients |-> 0]

RECURSIVE SumAmounts(_)
\* The sum of the amounts of a set of responses.
SumAmounts(S) ==
    IF S = {} THEN 0
    ELSE LET m == CHOOSE x \in S : TRUE IN m.amount + SumAmounts(S \ {m})

InFlight == SumAmounts(responses)
ResidualOf(r) == Max2(0, Need[r] - held[r])
Busy(r) == (\E m \in requests : m.from = r) \/ (\E m \in responses : m.to = r)

-----------------------------------------------------------------------------

TypeInvariant ==
    /\ book \in [Recipients -> Nat]
    /\ held \in [Recipients -> Nat]
    /\ \A r \in Recipients : held[r] <= Need[r]
    /\ \A m \in requests : m.expected \in Nat /\ 1 <= m.expected /\ m.expected <= m.residual
    /\ \A m \in responses : m.amount \in Nat
    /\ \A r \in Recipients :
          Cardinality({m \in requests : m.from = r})
            + Cardinality({m \in responses : m.to = r}) <= 1

Init ==
    /\ book = ZeroBook
    /\ requests = {}
    /\ responses = {}
    /\ held = ZeroBook

\* Allocation Request (seed 000, first message type): r, with residual need
\* left and nothing in flight, asks the provider for any expected amount
\* between 1 and its residual need.
Request(r) ==
    LET res == ResidualOf(r)
    IN  /\ res > 0
        /\ ~Busy(r)
        /\ \E e \in 1..res :
              requests' = requests \cup {[from |-> r, expected |-> e, residual |-> res]}
        /\ UNCHANGED <<book, responses, held>>

\* The provider's allocation decision (seed 000): grant the least of the
\* expected amount, the available capacity and the residual need, and book
\* it (overwrite for the seed's rule, add for the corrected one).
Grant(r) ==
    \E m \in requests :
        /\ m.from = r
        /\ LET available == Max2(0, Capacity - Total(book))
               granted   == Min2(m.expected, Min2(available, m.residual))
               booked    == IF granted = 0 THEN book[r]
                            ELSE IF Book = "seed" THEN granted
                            ELSE book[r] + granted
           IN  /\ book' = [book EXCEPT ![r] = booked]
               /\ requests' = requests \ {m}
               /\ responses' = responses \cup {[to |-> r, amount |-> granted]}
        /\ UNCHANGED held

\* Handling an allocation response (seed 000): r adds the amount to what it
\* holds.
Respond(r) ==
    \E m \in responses :
        /\ m.to = r
        /\ held' = [held EXCEPT ![r] = @ + m.amount]
        /\ responses' = responses \ {m}
        /\ UNCHANGED <<book, requests>>

\* Allocation request by R1 (seed 000).
RequestR1 == Request("R1")
\* Allocation request by R2 (seed 000).
RequestR2 == Request("R2")
\* The provider's decision on R1's request (seed 000).
GrantR1 == Grant("R1")
\* The provider's decision on R2's request (seed 000).
GrantR2 == Grant("R2")
\* R1 handles the provider's response (seed 000).
RespondR1 == Respond("R1")
\* R2 handles the provider's response (seed 000).
RespondR2 == Respond("R2")

\* End of a round (seed 000's reset of the allocations): with no message in
\* flight, the grants return and the book is cleared.
Reset ==
    /\ requests = {}
    /\ responses = {}
    /\ ~(Total(book) = 0 /\ Total(held) = 0)
    /\ book' = ZeroBook
    /\ held' = ZeroBook
    /\ UNCHANGED <<requests, responses>>

Next ==
    \/ RequestR1
    \/ RequestR2
    \/ GrantR1
    \/ GrantR2
    \/ RespondR1
    \/ RespondR2
    \/ Reset

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------

\* What the provider has granted and not got back (held, plus responses in
\* flight) never exceeds its capacity, however requests interleave.
NeverOverGrants == Total(held) + InFlight <= Capacity

\* A grant to r never exceeds the request's expected amount nor the residual
\* need the request states.
GrantOK(r) ==
    \E m \in requests, g \in responses' :
        /\ m.from = r
        /\ g.to = r
        /\ g.amount <= m.expected
        /\ g.amount <= m.residual

GrantWithinRequest ==
    [][\A r \in Recipients : Grant(r) => GrantOK(r)]_vars

=============================================================================
