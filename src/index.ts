/**
 * commons-spec — the public API. Named exports only; names here are stable (external
 * harnesses drive them directly). See README.md § "Public API".
 */
import * as itc from "./core/itc/index.js";
import * as vclock from "./core/vclock.js";

/** Interval Tree Clocks: seed, fork, event, join, peek, leq, send, receive, sync, encode, decode, … */
export { itc };
/** Vector clocks, the V1 baseline, with the same operations. */
export { vclock };

// Schemas (zod) and their JSON Schema exports.
export { schemas, jsonSchema, SCHEMA_NAMES, type SchemaName } from "./core/schemas/registry.js";
export {
  parseWith,
  parseOrThrow,
  type InputIssue,
  type InvalidInput,
} from "./core/schemas/parse.js";
export { parseInstant, MIN_MAGNITUDE, MAX_QUANTITY } from "./core/schemas/primitives.js";
export type {
  AvailabilitySlot,
  NeedSlot,
  Slot,
  Location,
  TimeWindow,
  Coordinates,
} from "./core/schemas/slots.js";
export type { Commitment, CommitmentInput, DampingEntry } from "./core/schemas/commitment.js";
export type {
  AllocationInput,
  AllocationInputRaw,
  AllocationRecipient,
  SlotAllocationRecord,
  SlotDenominator,
  Tier,
} from "./core/schemas/allocation.js";
export type { AllocationState } from "./core/schemas/allocation-state.js";
export type {
  AllocationRequest,
  AllocationResponse,
  DenominatorGossip,
  P2PMessage,
} from "./core/schemas/messages.js";
export type { Stamp } from "./core/itc/index.js";
export type { VClock } from "./core/vclock.js";

// Model checking and traces.
export { checkModel, type CheckOptions } from "./engine/checker/bfs.js";
export {
  bool,
  history,
  int,
  LayoutMismatch,
  nat,
  oneOf,
  opaque,
  optional,
  record,
  seq,
  tuple,
  type Layout,
} from "./engine/checker/layout.js";
export type { ModelSource } from "./engine/checker/parallel.js";
export {
  simulate as simulateModel,
  type SimulateOptions,
  type SimulationResult,
} from "./engine/checker/simulate.js";
export {
  counterexampleToItf,
  formatCounterexample,
  formatSummary,
} from "./engine/checker/report.js";
export type {
  Action,
  ActionProperty,
  Invariant,
  LivenessProperty,
  Model,
} from "./engine/checker/model.js";
export type { CheckResult, Counterexample, Verdict } from "./engine/checker/result.js";
export {
  validateTrace,
  formatValidation,
  DEFAULT_MAX_FRONTIER,
  type LogEntry,
  type ValidateOptions,
  type ValidationResult,
  type ValidationVerdict,
  type Mismatch,
} from "./engine/checker/trace-validate.js";
export {
  parseLog,
  parseNdjson,
  type LogFormat,
  type LogParse,
} from "./engine/checker/trace-log.js";
export {
  machineModel,
  type LiftedModel,
  type LiftedNetwork,
  type LiftedNode,
  type LiftedState,
  type MachineModelSpec,
} from "./engine/checker/machine-model.js";
export {
  makeTrace,
  parseTrace,
  toItfValue,
  fromItfValue,
  tup,
  type ItfTrace,
  type ItfValue,
} from "./engine/trace/itf.js";

// Statistics for claims about randomized runs.
export {
  hoeffdingSampleSize,
  hoeffdingHalfWidth,
  hoeffdingEstimate,
  hoeffdingDecide,
  type ProbabilityEstimate,
} from "./engine/stats/hoeffding.js";
export {
  sprtStart,
  sprtStep,
  sprtRun,
  type SprtOptions,
  type SprtState,
  type SprtDecision,
} from "./engine/stats/sprt.js";

// Verifying implementations.
export { defineImplementation, type Implementation } from "./verify/implementation.js";
export { registerSuites, type SuiteTestOptions, type TestRunnerHooks } from "./verify/vitest.js";
export { referenceImplementation } from "./verify/reference.js";
export { describeDomain, defaultJudgeCompat, type JudgeCompat } from "./verify/domain.js";
export type { ImplementationDomain } from "../properties/domain.js";
export type {
  AddressedGossip,
  AllocationInputUnderTest,
  AllocatorUnderTest,
  CommitmentProvider,
  CommitmentRecipient,
  CompatUnderTest,
  ConvergenceUnderTest,
  DampingUnderTest,
  DenominatorAgentUnderTest,
  DenominatorLearnerUnderTest,
  DenominatorProviderConfig,
  DenominatorProviderUnderTest,
  DenominatorRecipientConfig,
  DenominatorRecipientUnderTest,
  DynamicsRoundInput,
  DynamicsRoundResult,
  DynamicsUnderTest,
  ItcUnderTest,
  LearningSetting,
  NodeStepResult,
  NodeUnderTest,
  RecognitionParticipant,
  RecognitionUnderTest,
  ResidualUnderTest,
  RouterConfig,
  RouterEmitOutcome,
  RouterRead,
  RouterUnderTest,
  SlotIndexUnderTest,
  V1NodeConfig,
  V1NodeUnderTest,
  V2NodeConfig,
  V2NodeUnderTest,
  ValidationUnderTest,
  VClockUnderTest,
} from "../properties/under-test.js";
export {
  denominatorAgentFromMachine,
  v1NodeFromMachine,
  v2NodeFromMachine,
  type MachineAgentOptions,
  type MachineHandle,
  type V1MachineAccessors,
  type V2MachineAccessors,
} from "../properties/machine-adapter.js";
export { referenceV1Node, referenceV2Node } from "../properties/nodes.js";
export { referenceDenominatorAgent } from "../properties/denominator.js";
export { referenceRouter, type ReferenceRouterHandle } from "../properties/router.js";
// The reference's parts for the rest of the pipeline (SPEC.md §11.4), and the learner converter.
export { referenceRecognition } from "../properties/recognition.js";
export { referenceAllocationInput } from "../properties/allocation-input.js";
export { referenceConvergence, referenceResidual } from "../properties/convergence.js";
export { referenceSlotIndex } from "../properties/slot-index.js";
export { referenceDynamics } from "../properties/dynamics-round.js";
export {
  learnerFromMachine,
  referenceLearner,
  type MachineLearnerOptions,
} from "../properties/learning.js";

// Errors as data.
export {
  CoreError,
  attempt,
  formatPath,
  type CoreErrorCode,
  type CoreErrorData,
  type Result,
} from "./core/errors.js";
export { EPS_REL, tol, leqTol, approxEq } from "./core/tolerance.js";

// Recognition.
export {
  mutualRecognition,
  mutualRecognitionMap,
  recognitionShares,
  renormalize,
  shareOf,
  type RecognitionWeights,
} from "./core/recognition.js";

// Slot compatibility.
export { compatible } from "./core/compat/compatible.js";
export { timeCompatible } from "./core/compat/time.js";
export { locationCompatible, haversineKm, normalizeCity } from "./core/compat/location.js";
export {
  createSlotIndex,
  matchAll,
  matchAllPairwise,
  type SlotIndex,
} from "./core/compat/index.js";

// Provider allocation.
export { allocate, allocateValidated, type AllocateOptions } from "./core/allocation/allocate.js";
export { allocationInputFromCommitments } from "./core/allocation/from-commitments.js";
export {
  ALLOCATION_VARIANTS,
  isAllocationVariant,
  type AllocationVariant,
} from "./core/allocation/variants.js";
export type { AllocationResult } from "./core/allocation/result.js";
export { allocationRecords, type AllocationColumns } from "./core/allocation/columns.js";
export {
  createAllocationSession,
  createAllocationSessionValidated,
  type AllocationSession,
} from "./core/allocation/session.js";
export {
  checkAllocation,
  checkDenominators,
  ALLOCATION_INVARIANT_IDS,
  type AllocationInvariantId,
  type Violation,
} from "./core/allocation/invariants.js";

// Many providers: residual need, damping, convergence, dynamics.
export {
  residualNeed,
  RESIDUAL_VARIANTS,
  isResidualVariant,
  type ResidualVariant,
} from "./core/residual.js";
export {
  dampingFactor,
  dampingWindow,
  classifyDamping,
  updateDampingHistory,
  DAMPING_FACTORS,
  DAMPING_WINDOW_MS,
  DAMPING_MAX_ENTRIES,
  type DampingClass,
} from "./core/damping.js";
export {
  isConverged,
  networkConverged,
  denominatorDelta,
  CONVERGENCE_EPSILON,
  NETWORK_CONVERGED_FRACTION,
  type Denominators,
} from "./core/convergence.js";
export {
  runDynamics,
  DYNAMICS_SCHEDULES,
  type DynamicsNetwork,
  type DynamicsOptions,
  type DynamicsProvider,
  type DynamicsRecipient,
  type DynamicsRound,
  type DynamicsRun,
  type DynamicsSchedule,
  type Grants,
} from "./core/dynamics.js";

// Protocol nodes (pure state machines) and the network simulator.
export {
  pickIndex,
  sample,
  type InPlaceStep,
  type LogValue,
  type NodeContext,
  type NodeEffect,
  type NodeInput,
  type NodeMachine,
  type SafetyViolation,
  type StepResult,
} from "./core/protocols/machine.js";
export {
  dishonestMachine,
  DISHONEST_KINDS,
  type DishonestStrategy,
} from "./core/protocols/dishonest.js";
export {
  DEFAULT_ROBBINS_MONRO,
  SEED_LEARNING_RATE,
  learningRateAt,
  learningRateProblem,
  type LearningRate,
} from "./core/protocols/learning-rate.js";
export {
  denominatorMachine,
  recipientInit,
  providerInit,
  decideGrant,
  expectedAllocation,
  learnFromAllocation,
  confidenceOf,
  tamperP2P,
  P2P_CHECK_IDS,
  P2P_SEED,
  PROVIDER_VARIANTS,
  TRUST_MODES,
  type DenominatorState,
  type ProviderState,
  type RecipientState,
  type ProviderVariant,
  type RecipientOptions,
} from "./core/protocols/denominator.js";
export {
  computeProvider,
  relaxComputation,
  sharedStep,
  checkProviderComputation,
  type Declaration,
  type ParticipantSpec,
  type ProviderComputation,
} from "./core/protocols/participant.js";
export {
  v2Machine,
  v2Init,
  isStale,
  tamperV2,
  SIM_LEAVE,
  STALE_RULES,
  STAMP_MERGES,
  DEFAULT_V2_OPTIONS,
  type V2Message,
  type V2Options,
  type V2State,
} from "./core/protocols/v2-node.js";
export {
  v1Machine,
  v1Init,
  advancementTarget,
  DEFAULT_V1_OPTIONS,
  type V1Message,
  type V1Options,
  type V1State,
} from "./core/protocols/v1-node.js";
export {
  routerMachine,
  routerInit,
  routerPeerInit,
  routerMetrics,
  routerRecommendation,
  LANES,
  type Lane,
  type PeerEvent,
  type RouterMetrics,
  type RouterOptions,
  type RouterState,
} from "./core/protocols/router.js";
export {
  simulate,
  type SimOptions,
  type SimResult,
  type SimNodeInit,
  type ChurnEvent,
  type PartitionEvent,
} from "./engine/sim/simulator.js";
export { runScenario, PROTOCOL_CHECKS, type SimulationReport } from "./engine/sim/run.js";
export {
  scenarioSchema,
  suiteSchema,
  parseScenarioDocument,
  type Scenario,
  type ScenarioInput,
} from "./engine/sim/scenario.js";
export { BUILTIN_SCENARIOS, builtinScenario } from "./engine/sim/builtins.js";
export {
  parseSeedList,
  parseSweepAxis,
  planSweep,
  runSweep,
  runSweepPoint,
  type SweepAxis,
  type SweepPlan,
  type SweepPoint,
  type SweepResult,
  type SweepRunOptions,
  type SweepOutcome,
} from "./engine/sim/sweep.js";
export {
  sweepRow,
  summarizeGroups,
  spread,
  type SweepRow,
  type GroupSummary,
  type SpreadSummary,
} from "./engine/sim/sweep-summary.js";
export {
  convergenceVerdict,
  describeVerdict,
  defaultQuietMargin,
  type ConvergenceVerdict,
  type ConvergenceStatus,
} from "./engine/sim/convergence.js";
export { quantileInterval, clopperPearson, binomialCdf } from "./engine/stats/binomial.js";
export {
  buildGraph,
  topologyStats,
  type TopologySpec,
  type TopologyStats,
} from "./engine/sim/topology.js";
