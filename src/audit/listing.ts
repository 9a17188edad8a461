/**
 * The claims ledger as `commons-spec audit --list` shows it: every claim with its kind, whether
 * the toolkit tests it as written, its evidence resolved (what the toolkit itself expects of
 * each check, what that means for the claim, the command that reproduces it) and the verdict
 * about the design that the existing evidence supports. Pure data; the CLI formats it.
 */
import type {
  Claim,
  ClaimKind,
  ClaimsCatalogue,
  DesignDocument,
  ExpectedVerdict,
  VerdictStatus,
} from "./claims.js";
import { CLAIM_KINDS, VERDICT_STATUSES } from "./claims.js";
import { resolveEvidence, type EvidenceContext, type ResolvedEvidence } from "./evidence.js";

/** How a claim is tested: as written, with deviations, not yet, or not at all. */
export type Tested = "as-written" | "with-deviations" | "not-tested" | "untestable";

export interface ListedClaim {
  readonly id: string;
  readonly document: string;
  readonly section: Claim["section"];
  readonly statement: string;
  readonly claimed?: string;
  readonly kind: ClaimKind;
  readonly tested: Tested;
  readonly deviations: readonly string[];
  readonly evidence: readonly ResolvedEvidence[];
  readonly expectedVerdict: ExpectedVerdict;
  readonly planned?: Claim["planned"];
  readonly untestable?: string;
}

export interface Listing {
  readonly documents: readonly DesignDocument[];
  readonly claims: readonly ListedClaim[];
  readonly counts: {
    readonly claims: number;
    readonly perDocument: Readonly<Record<string, number>>;
    readonly perKind: Readonly<Record<ClaimKind, number>>;
    readonly perVerdict: Readonly<Record<VerdictStatus, number>>;
    readonly perTested: Readonly<Record<Tested, number>>;
  };
}

export function testedOf(c: Claim): Tested {
  if (c.kind === "untestable") return "untestable";
  if (c.asWritten) return "as-written";
  return c.evidence.length === 0 ? "not-tested" : "with-deviations";
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/**
 * The listing of `cat`, restricted to `only` (claim ids) when given. Throws an Error naming the
 * claim and evidence item that does not resolve.
 */
export function listClaims(
  cat: ClaimsCatalogue,
  ctx: EvidenceContext,
  only?: readonly string[],
): Listing {
  const wanted = only === undefined ? undefined : new Set(only);
  const claims: ListedClaim[] = [];
  const perDocument: Record<string, number> = Object.fromEntries(
    cat.documents.map((d) => [d.id, 0]),
  );
  const perKind = zeroes(CLAIM_KINDS);
  const perVerdict = zeroes(VERDICT_STATUSES);
  const perTested = zeroes<Tested>(["as-written", "with-deviations", "not-tested", "untestable"]);
  for (const c of cat.claims) {
    if (wanted !== undefined && !wanted.has(c.id)) continue;
    const evidence = c.evidence.map((e, i) => {
      try {
        return resolveEvidence(e, ctx);
      } catch (err) {
        throw new Error(`${c.id} evidence[${i}]: ${(err as Error).message}`);
      }
    });
    const tested = testedOf(c);
    claims.push({
      id: c.id,
      document: c.document,
      section: c.section,
      statement: c.statement,
      ...(c.claimed === undefined ? {} : { claimed: c.claimed }),
      kind: c.kind,
      tested,
      deviations: c.deviations,
      evidence,
      expectedVerdict: c.expectedVerdict,
      ...(c.planned === undefined ? {} : { planned: c.planned }),
      ...(c.untestable === undefined ? {} : { untestable: c.untestable }),
    });
    const doc = c.id.split("-")[0] ?? "";
    perDocument[doc] = (perDocument[doc] ?? 0) + 1;
    perKind[c.kind]++;
    perVerdict[c.expectedVerdict.status]++;
    perTested[tested]++;
  }
  return {
    documents: cat.documents,
    claims,
    counts: { claims: claims.length, perDocument, perKind, perVerdict, perTested },
  };
}
