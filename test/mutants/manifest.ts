/**
 * Every mutant of the zoo and the invariant IDs `verify` may report for it (any one suffices).
 * `classes`, where given, are the failure classes expected of it, as `ID/class` (any one
 * suffices; test/properties/zoo-classes.test.ts checks them).
 */
export const MUTANTS: readonly {
  readonly file: string;
  readonly caughtBy: readonly string[];
  readonly classes?: readonly string[];
}[] = [
  { file: "itc-event-by-reference.ts", caughtBy: ["ITC-4", "ITC-7", "ITC-11"] },
  { file: "itc-join-accepts-overlap.ts", caughtBy: ["ITC-10", "ITC-6"] },
  { file: "itc-leq-no-lift.ts", caughtBy: ["ITC-2", "ITC-3", "ITC-4", "ITC-7"] },
  { file: "itc-fork-shares-id.ts", caughtBy: ["ITC-5", "ITC-6", "ITC-2", "ITC-1"] },
  { file: "itc-decode-lenient.ts", caughtBy: ["ITC-9"] },
  { file: "itc-peek-keeps-id.ts", caughtBy: ["ITC-2", "ITC-6", "ITC-7", "ITC-10", "ITC-1"] },
  { file: "vclock-join-min.ts", caughtBy: ["VC-1", "VC-2"] },
  { file: "vclock-leq-any.ts", caughtBy: ["VC-1", "VC-2"] },
  { file: "alloc-no-cross-slot.ts", caughtBy: ["ALLOC-CONTRACT-1", "ALLOC-CONTRACT-2"] },
  { file: "alloc-cap-no-redistribute.ts", caughtBy: ["ALLOC-WORK-1", "ALLOC-TIER-1"] },
  { file: "alloc-remote-counted-twice.ts", caughtBy: ["ALLOC-CONTRACT-1", "ALLOC-CONTRACT-2"] },
  { file: "alloc-damping-zero-as-one.ts", caughtBy: ["ALLOC-PROP-1"] },
  { file: "alloc-ignores-capacity.ts", caughtBy: ["ALLOC-CAP-1"] },
  { file: "alloc-tiers-swapped.ts", caughtBy: ["ALLOC-TIER-1"] },
  { file: "alloc-input-order.ts", caughtBy: ["ALLOC-DET-1"] },
  { file: "compat-no-same-city.ts", caughtBy: ["COMPAT-5", "COMPAT-2"] },
  {
    file: "validation-accepts-nan.ts",
    caughtBy: ["SCHEMA-1"],
    classes: ["SCHEMA-1/accepted:NaN", "SCHEMA-1/accepted:infinite number"],
  },
  { file: "damping-no-window.ts", caughtBy: ["DAMP-2", "DAMP-1"] },
  { file: "denominator-unbounded-trust.ts", caughtBy: ["P2P-7", "P2P-6"] },
  { file: "denominator-provider-overwrites-book.ts", caughtBy: ["P2P-1", "P2P-2", "P2P-3"] },
  { file: "denominator-seed-provider.ts", caughtBy: ["P2P-1", "P2P-2", "P2P-3"] },
  { file: "router-dedup-refresh-on-drop.ts", caughtBy: ["ROUTER-3"] },
  { file: "router-single-lane.ts", caughtBy: ["ROUTER-4", "ROUTER-1", "ROUTER-2"] },
  { file: "v2-stamp-regresses.ts", caughtBy: ["V2-1"] },
  { file: "v2-seed-migration-stale.ts", caughtBy: ["V2-2"] },
  { file: "v1-advance-on-any-peer.ts", caughtBy: ["V1-2"] },
  // Issue 9: realistic single bugs of third-party code (test/mutants/_textbook-*.ts with one knob turned).
  {
    file: "alloc-reshare-three-passes.ts",
    caughtBy: ["ALLOC-WORK-1", "ALLOC-TIER-1", "ALLOC-RESULT-1"],
    classes: ["ALLOC-WORK-1/unused-while-mutual-unmet", "ALLOC-WORK-1/unused-while-one-way-unmet"],
  },
  {
    file: "alloc-one-way-from-total.ts",
    caughtBy: ["ALLOC-PROP-1", "ALLOC-RESULT-1"],
    classes: ["ALLOC-PROP-1/unsaturated-not-proportional", "ALLOC-RESULT-1/one-way:too-large"],
  },
  {
    file: "alloc-slots-by-id.ts",
    caughtBy: ["ALLOC-RESULT-1", "ALLOC-PROP-1", "ALLOC-DENOM-1"],
    classes: ["ALLOC-RESULT-1/one-way:too-small", "ALLOC-RESULT-1/mutual:too-small"],
  },
  {
    file: "alloc-requires-share.ts",
    caughtBy: ["ALLOC-WORK-1", "ALLOC-TIER-1", "ALLOC-RESULT-1"],
    classes: ["ALLOC-WORK-1/unused-while-mutual-unmet", "ALLOC-RESULT-1/mutual:missing"],
  },
  {
    file: "alloc-need-met-below-micro.ts",
    caughtBy: ["ALLOC-WORK-1", "ALLOC-TIER-1", "ALLOC-RESULT-1"],
    classes: ["ALLOC-WORK-1/unused-while-mutual-unmet", "ALLOC-WORK-1/unused-while-one-way-unmet"],
  },
  {
    file: "alloc-denominators-stated.ts",
    caughtBy: ["ALLOC-DENOM-1"],
    classes: ["ALLOC-DENOM-1/mutual-denominator-wrong", "ALLOC-DENOM-1/one-way-denominator-wrong"],
  },
  {
    file: "alloc-ignores-damping.ts",
    caughtBy: ["ALLOC-PROP-1", "ALLOC-RESULT-1", "ALLOC-DENOM-1"],
    classes: ["ALLOC-PROP-1/zero-weight-granted", "ALLOC-PROP-1/unsaturated-not-proportional"],
  },
  {
    file: "alloc-touching-windows.ts",
    caughtBy: ["ALLOC-ELIG-1"],
    classes: ["ALLOC-ELIG-1/grant-to-incompatible"],
  },
  {
    file: "compat-touching-windows.ts",
    caughtBy: ["COMPAT-5"],
    classes: ["COMPAT-5/time:touching:incompatible-accepted"],
  },
  {
    file: "compat-city-case-sensitive.ts",
    caughtBy: ["COMPAT-5"],
    classes: ["COMPAT-5/location:city:compatible-rejected"],
  },
  {
    file: "compat-city-no-nfkc.ts",
    caughtBy: ["COMPAT-5"],
    classes: ["COMPAT-5/location:city:compatible-rejected"],
  },
  {
    file: "compat-city-strips-all-marks.ts",
    caughtBy: ["COMPAT-5"],
    classes: ["COMPAT-5/location:city:incompatible-accepted"],
  },
  {
    file: "compat-earth-radius-6371.ts",
    caughtBy: ["COMPAT-5"],
    classes: [
      "COMPAT-5/location:coordinates:incompatible-accepted",
      "COMPAT-5/location:coordinates:compatible-rejected",
    ],
  },
  {
    file: "compat-country-before-coordinates.ts",
    caughtBy: ["COMPAT-5"],
    classes: ["COMPAT-5/location:coordinates:compatible-rejected"],
  },
  {
    file: "compat-radius-larger-not-sum.ts",
    caughtBy: ["COMPAT-5"],
    classes: ["COMPAT-5/location:coordinates:compatible-rejected"],
  },
  {
    file: "damping-window-inclusive.ts",
    caughtBy: ["DAMP-4", "DAMP-2", "DAMP-1"],
    classes: ["DAMP-2/expired-entry-counts"],
  },
  {
    file: "damping-sorted-descending.ts",
    caughtBy: ["DAMP-4", "DAMP-2"],
    classes: ["DAMP-2/entry-before-last-three-counts"],
  },
  {
    file: "damping-ties-input-order.ts",
    caughtBy: ["DAMP-3", "DAMP-4", "DAMP-2"],
    classes: ["DAMP-3/order-dependent"],
  },
  {
    file: "damping-smooth-signed.ts",
    caughtBy: ["DAMP-4"],
    classes: ["DAMP-4/smooth-read-as-0.8"],
  },
  {
    file: "damping-flat-step-oscillates.ts",
    caughtBy: ["DAMP-4"],
    classes: ["DAMP-4/moderate-read-as-0.5", "DAMP-4/smooth-read-as-0.5"],
  },
  {
    file: "damping-first-three.ts",
    caughtBy: ["DAMP-2", "DAMP-4"],
    classes: ["DAMP-2/entry-before-last-three-counts"],
  },
  {
    file: "damping-counts-future.ts",
    caughtBy: ["DAMP-2", "DAMP-4", "DAMP-1"],
    classes: ["DAMP-2/future-entry-counts"],
  },
  {
    file: "validation-date-parse.ts",
    caughtBy: ["SCHEMA-1"],
    classes: [
      "SCHEMA-1/accepted:30 February",
      "SCHEMA-1/accepted:local time without offset",
      "SCHEMA-1/accepted:hour 24",
      "SCHEMA-1/accepted:date without time",
      "SCHEMA-1/accepted:31 April",
      "SCHEMA-1/accepted:29 February of a common year",
      "SCHEMA-1/accepted:space instead of T",
      "SCHEMA-1/accepted:sub-millisecond precision",
    ],
  },
  {
    file: "validation-strips-unknown-keys.ts",
    caughtBy: ["SCHEMA-1"],
    classes: [
      "SCHEMA-1/accepted:unknown key at the top level",
      "SCHEMA-1/accepted:unknown key in the provider",
      "SCHEMA-1/accepted:unknown key in a capacity slot",
      "SCHEMA-1/accepted:unknown key in a recipient",
      "SCHEMA-1/accepted:unknown key in a need slot",
      "SCHEMA-1/accepted:unknown key in a window",
      "SCHEMA-1/accepted:unknown key in an in-person location",
      "SCHEMA-1/accepted:unknown key in a remote location",
      "SCHEMA-1/accepted:unknown key in coordinates",
    ],
  },
  {
    file: "validation-no-unique-ids.ts",
    caughtBy: ["SCHEMA-1"],
    classes: [
      "SCHEMA-1/accepted:duplicate recipient",
      "SCHEMA-1/accepted:duplicate capacity slot id",
      "SCHEMA-1/accepted:duplicate need slot id in one recipient",
    ],
  },
  {
    file: "validation-provider-own-recipient.ts",
    caughtBy: ["SCHEMA-1"],
    classes: ["SCHEMA-1/accepted:provider listed as its own recipient"],
  },
  {
    file: "validation-empty-window.ts",
    caughtBy: ["SCHEMA-1"],
    classes: ["SCHEMA-1/accepted:start = end"],
  },
  {
    file: "validation-json-schema-only.ts",
    caughtBy: ["SCHEMA-1"],
    classes: [
      "SCHEMA-1/accepted:leap second",
      "SCHEMA-1/accepted:30 February",
      "SCHEMA-1/accepted:start = end",
      "SCHEMA-1/accepted:start after end",
      "SCHEMA-1/accepted:duplicate recipient",
      "SCHEMA-1/accepted:quantity between 0 and 1e-9",
      "SCHEMA-1/accepted:local time without offset",
      "SCHEMA-1/accepted:hour 24",
      "SCHEMA-1/accepted:minute 60",
      "SCHEMA-1/accepted:month 13",
      "SCHEMA-1/accepted:31 April",
      "SCHEMA-1/accepted:29 February of a common year",
      "SCHEMA-1/accepted:date without time",
      "SCHEMA-1/accepted:space instead of T",
      "SCHEMA-1/accepted:offset beyond ±23:59",
      "SCHEMA-1/accepted:offset minutes beyond 59",
      "SCHEMA-1/accepted:sub-millisecond precision",
      "SCHEMA-1/accepted:duplicate capacity slot id",
      "SCHEMA-1/accepted:duplicate need slot id in one recipient",
      "SCHEMA-1/accepted:provider listed as its own recipient",
    ],
  },
];
