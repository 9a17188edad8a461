/* Router (commons-spec models/Router.ts), config {"items":4,"lanes":"split","laneCapacity":8,"controlCapacity":1,"cacheSize":2,"ttl":4,"refreshOnDrop":false} */
#define NI 4
#define LCAP 8
#define CCAP 1
#define CSZ 2
#define TTL 4
#define CTL 15
/* messages: item k is the byte k (1..NI), control is CTL, 0 = empty slot */
byte dq[LCAP]; byte dlen;      /* data lane (the single lane when lanes = single) */
byte cq[CCAP]; byte clen;      /* control lane (split only; stays empty when single) */
byte citem[2]; byte cage[2]; byte csz;   /* dedup LRU, least recently used first */
byte fwd[NI] = TTL;            /* fwdAge of item k at fwd[k-1] */
bool ctlPending;               /* 'last' (history for the action property) is not stored: the view */
hidden byte k, j, found, m;
inline clearScratch() { skip }

inline shiftData() { k = 0; do :: k < LCAP - 1 -> dq[k] = dq[k + 1]; k++ :: else -> break od }
inline shiftCtl()  { k = 0; do :: k < CCAP - 1 -> cq[k] = cq[k + 1]; k++ :: else -> break od }
inline sendData(msg) {
  if
  :: dlen < LCAP -> dq[dlen] = msg; dlen++
  :: else -> shiftData(); dq[LCAP - 1] = msg
  fi
}
inline sendCtl(msg) {
  if
  :: clen < CCAP -> cq[clen] = msg; clen++
  :: else -> shiftCtl(); cq[CCAP - 1] = msg
  fi
}
inline touch(it) {
  j = 0; k = 0;
  do
  :: k < csz -> if :: citem[k] != it -> citem[j] = citem[k]; cage[j] = cage[k]; j++ :: else -> skip fi; k++
  :: else -> break
  od;
  k = j; do :: k < csz -> citem[k] = 0; cage[k] = 0; k++ :: else -> break od;
  csz = j;
  if
  :: CSZ == 0 -> skip
  :: CSZ > 0 && csz < CSZ -> citem[csz] = it; cage[csz] = 0; csz++
  :: CSZ > 0 && csz >= CSZ ->
     k = 0; do :: k < CSZ - 1 -> citem[k] = citem[k + 1]; cage[k] = cage[k + 1]; k++ :: else -> break od;
     citem[CSZ - 1] = it; cage[CSZ - 1] = 0
  fi
}
inline checkInv() {   /* ControlOnlyInControlLane */
  k = 0; do :: k < clen -> assert(cq[k] == CTL); k++ :: else -> break od;
  k = 0; do :: k < dlen -> assert(dq[k] != CTL); k++ :: else -> break od; skip
}

active proctype router() {
  do
  :: d_step { /* Receive item 1 */
       found = 0; k = 0;
       do :: k < csz -> if :: citem[k] == 1 && cage[k] < TTL -> found = 1 :: else -> skip fi; k++
          :: else -> break od;
       if
       :: found -> assert(fwd[0] < TTL) /* NoNonDuplicateDropped */
       :: else -> sendData(1); touch(1); fwd[0] = 0
       fi;
       checkInv(); clearScratch() }
  :: d_step { /* Receive item 2 */
       found = 0; k = 0;
       do :: k < csz -> if :: citem[k] == 2 && cage[k] < TTL -> found = 1 :: else -> skip fi; k++
          :: else -> break od;
       if
       :: found -> assert(fwd[1] < TTL) /* NoNonDuplicateDropped */
       :: else -> sendData(2); touch(2); fwd[1] = 0
       fi;
       checkInv(); clearScratch() }
  :: d_step { /* Receive item 3 */
       found = 0; k = 0;
       do :: k < csz -> if :: citem[k] == 3 && cage[k] < TTL -> found = 1 :: else -> skip fi; k++
          :: else -> break od;
       if
       :: found -> assert(fwd[2] < TTL) /* NoNonDuplicateDropped */
       :: else -> sendData(3); touch(3); fwd[2] = 0
       fi;
       checkInv(); clearScratch() }
  :: d_step { /* Receive item 4 */
       found = 0; k = 0;
       do :: k < csz -> if :: citem[k] == 4 && cage[k] < TTL -> found = 1 :: else -> skip fi; k++
          :: else -> break od;
       if
       :: found -> assert(fwd[3] < TTL) /* NoNonDuplicateDropped */
       :: else -> sendData(4); touch(4); fwd[3] = 0
       fi;
       checkInv(); clearScratch() }
  :: d_step { /* EmitControl */ !ctlPending -> sendCtl(CTL); ctlPending = 1; checkInv(); clearScratch() }
  :: d_step { /* Consume: control lane first */ (clen > 0 || dlen > 0) ->
       if
       :: clen > 0 -> m = cq[0]; shiftCtl(); clen--; cq[clen] = 0
       :: else -> m = dq[0]; shiftData(); dlen--; dq[dlen] = 0
       fi;
       if :: m == CTL -> ctlPending = 0 :: else -> skip fi; checkInv(); clearScratch() }
  :: d_step { /* Tick */
       j = 0; k = 0;
       do
       :: k < csz -> if :: cage[k] + 1 < TTL -> citem[j] = citem[k]; cage[j] = cage[k] + 1; j++ :: else -> skip fi; k++
       :: else -> break
       od;
       k = j; do :: k < csz -> citem[k] = 0; cage[k] = 0; k++ :: else -> break od;
       csz = j;
       k = 0; do :: k < NI -> if :: fwd[k] < TTL -> fwd[k]++ :: else -> skip fi; k++ :: else -> break od;
       checkInv(); clearScratch() }
  od
}
