/**
 * commons-spec/arbitraries — the fast-check arbitraries the suites generate inputs with, for
 * users' own properties: ITC operation runs and stamps, slots, allocation inputs, recognition
 * graphs and commitments (with disjoint ITC ids for a network), and the
 * simulator's topologies, fault schedules and dishonest agents (in the scenario file's shapes,
 * so a scenario can be assembled from them and validated with `scenarioSchema`).
 */
export {
  arbItcOp,
  arbItcOps,
  arbStamp,
  arbStampRun,
  arbRawStamp,
  arbRawJson,
  runItcOps,
  itcImpl,
  type ItcOp,
  type ItcRun,
} from "./itc.js";
export {
  arbAvailabilitySlot,
  arbNeedSlot,
  arbWindow,
  arbLocation,
  arbInstant,
  arbInstantMs,
  DEFAULT_PLACES,
  CITY_NAME_FAMILIES,
  arbStressCity,
  formatInstant,
  type InstantStyle,
  type Place,
  type SlotArbitraryOptions,
} from "./slots.js";
export {
  arbSlotPair,
  DST_CHANGES,
  EDGE_INSTANTS,
  type DstChange,
  type SlotPairOptions,
} from "./slot-edges.js";
export {
  arbAllocationInput,
  arbAllocationRecipient,
  arbQuantity,
  arbFraction,
  arbDamping,
  arbPermutationSeed,
  MIN_QUANTITY,
  MAX_QUANTITY,
  type AllocationArbitraryOptions,
} from "./allocation.js";
export { permuteDeep } from "./permute.js";
export {
  arbCommitment,
  arbCommitmentNetwork,
  arbRecognitionGraph,
  arbRecognitionWeight,
  forkedStamps,
  type CommitmentOptions,
  type RecognitionGraph,
  type RecognitionGraphOptions,
} from "./commitments.js";
export {
  arbTopology,
  arbSizedTopology,
  topologyFits,
  GENERATED_TOPOLOGY_KINDS,
  type GeneratedTopologyKind,
  type ScenarioTopology,
  type SizedTopology,
  type SizedTopologyOptions,
  type TopologyArbitraryOptions,
} from "./topology.js";
export {
  arbFaultSchedule,
  arbNetwork,
  arbPartitions,
  arbChurn,
  arbLatency,
  type FaultSchedule,
  type FaultScheduleOptions,
  type ScenarioChurn,
  type ScenarioLatency,
  type ScenarioNetwork,
  type ScenarioPartition,
} from "./faults.js";
export {
  arbDishonest,
  arbDishonestStrategy,
  dishonestKinds,
  DISHONEST_KINDS_BY_PROTOCOL,
  type DishonestArbitraryOptions,
  type DishonestKind,
  type ScenarioDishonest,
} from "./dishonest.js";
