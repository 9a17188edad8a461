/**
 * Residual need (SPEC.md §Residual need): what a provider treats as a need slot's need.
 * - `naive`: need minus everything received, from every provider including the one asking.
 * - `net-of-others`: need minus what the *other* providers gave.
 */
export const RESIDUAL_VARIANTS = ["naive", "net-of-others"] as const;
export type ResidualVariant = (typeof RESIDUAL_VARIANTS)[number];

export function isResidualVariant(v: string): v is ResidualVariant {
  return (RESIDUAL_VARIANTS as readonly string[]).includes(v);
}

/**
 * The residual of one need slot as `provider` sees it, given what each provider last granted
 * to that need slot (`received`, keyed by provider). Never negative.
 */
export function residualNeed(
  need: number,
  received: Readonly<Record<string, number>>,
  provider: string,
  variant: ResidualVariant,
): number {
  let sum = 0;
  for (const p of Object.keys(received).sort()) {
    if (variant === "net-of-others" && p === provider) continue;
    sum += received[p] ?? 0;
  }
  return Math.max(0, need - sum);
}
