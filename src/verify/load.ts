import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { err, formatPath, ok, type Result } from "../core/errors.js";
import type { Implementation } from "./implementation.js";
import { exportedImplementation, importUserModule } from "./import-module.js";

const fn = z.custom<(...args: never[]) => unknown>(
  (v) => typeof v === "function",
  "expected a function",
);

const partShapes = {
  itc: z.looseObject({
    seed: fn,
    fork: fn,
    event: fn,
    join: fn,
    peek: fn,
    leq: fn,
    toStamp: fn,
    fromStamp: fn,
    encode: fn.optional(),
    decode: fn.optional(),
  }),
  vclock: z.looseObject({
    event: fn,
    join: fn,
    leq: fn,
    empty: fn,
    toVClock: fn,
    fromVClock: fn,
    encode: fn.optional(),
    decode: fn.optional(),
  }),
  allocator: z.looseObject({ allocate: fn }),
  compat: z.looseObject({ compatible: fn }),
  damping: z.looseObject({ dampingFactor: fn }),
  validation: z.looseObject({ acceptsAllocationInput: fn }),
  denominatorAgent: z
    .looseObject({
      provider: z.looseObject({ create: fn, onRequest: fn }).optional(),
      recipient: z
        .looseObject({
          create: fn,
          nextRequests: fn,
          onResponse: fn,
          onGossip: fn,
          estimate: fn,
        })
        .optional(),
      learner: z.looseObject({ create: fn }).optional(),
    })
    .refine(
      (a) => a.provider !== undefined || a.recipient !== undefined,
      "implements neither a provider nor a recipient",
    )
    .refine(
      (a) => a.learner === undefined || a.recipient !== undefined,
      "a learner creates recipients: it needs the recipient part too",
    ),
  node: z
    .looseObject({
      router: z.looseObject({ create: fn, emit: fn, read: fn }).optional(),
      v2: z
        .looseObject({ init: fn, step: fn, stamp: fn, lastAccepted: fn, declaration: fn })
        .optional(),
      v1: z.looseObject({ init: fn, step: fn, clock: fn, round: fn }).optional(),
    })
    .refine(
      (n) => n.router !== undefined || n.v2 !== undefined || n.v1 !== undefined,
      "implements no node part (router, v2, v1)",
    ),
  recognition: z.looseObject({ shares: fn, mutualRecognition: fn }),
  allocationInput: z.looseObject({ fromCommitments: fn }),
  residual: z.looseObject({ residualNeed: fn }),
  convergence: z.looseObject({ isConverged: fn, networkConverged: fn }),
  slotIndex: z.looseObject({ build: fn, query: fn }),
  dynamics: z.looseObject({ round: fn }),
};

/** A declared domain (properties/domain.ts): strict, so a misspelt entry is an error, not ignored. */
const domainShape = z.strictObject({
  compat: z
    .strictObject({ touchingWindows: z.enum(["compatible", "incompatible"]).optional() })
    .optional(),
  allocator: z.strictObject({ maxQuantity: z.number().positive().max(1e15).optional() }).optional(),
  damping: z
    .strictObject({ overAllocation: z.enum(["signed", "non-negative"]).optional() })
    .optional(),
  validation: z
    .strictObject({ unknownKeys: z.enum(["rejected", "stripped"]).optional() })
    .optional(),
});

/** The adapter shape (properties/under-test.ts), checked when a module is loaded. */
export const implementationShape = z
  .strictObject({
    name: z.string().min(1),
    itc: partShapes.itc.optional(),
    vclock: partShapes.vclock.optional(),
    allocator: partShapes.allocator.optional(),
    compat: partShapes.compat.optional(),
    damping: partShapes.damping.optional(),
    validation: partShapes.validation.optional(),
    denominatorAgent: partShapes.denominatorAgent.optional(),
    node: partShapes.node.optional(),
    recognition: partShapes.recognition.optional(),
    allocationInput: partShapes.allocationInput.optional(),
    residual: partShapes.residual.optional(),
    convergence: partShapes.convergence.optional(),
    slotIndex: partShapes.slotIndex.optional(),
    dynamics: partShapes.dynamics.optional(),
    domain: domainShape.optional(),
  })
  .refine(
    (v) => Object.keys(v).some((k) => k !== "name" && k !== "domain"),
    "implements no part (itc, vclock, allocator, compat, damping, validation, denominatorAgent, node, recognition, allocationInput, residual, convergence, slotIndex, dynamics)",
  );

/** Checks that a value is an implementation; the error names the offending field. */
export function checkImplementation(value: unknown): Result<Implementation, { message: string }> {
  const r = implementationShape.safeParse(value);
  if (r.success) return ok(value as Implementation);
  const first = r.error.issues[0];
  return err({
    message: `not an implementation: ${first === undefined ? "invalid" : `${formatPath(first.path.map((p) => (typeof p === "symbol" ? String(p) : p)))}: ${first.message}`}`,
  });
}

/**
 * Loads a TypeScript or JavaScript module, ES module or CommonJS (no build step; see
 * `importUserModule`), and returns the implementation it exports as `default` or
 * `implementation`. Every failure is a message, never a throw.
 */
export async function loadImplementation(
  path: string,
  cwd: string,
): Promise<Result<Implementation, { message: string }>> {
  const abs = resolve(cwd, path);
  if (!existsSync(abs) || !statSync(abs).isFile())
    return err({ message: `cannot find the module file ${path}` });
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(abs);
  } catch (e) {
    const msg = e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
    return err({ message: `${path} failed to load: ${msg}` });
  }
  const candidate = exportedImplementation(mod);
  if (candidate === undefined) {
    const names = Object.keys(mod).join(", ") || "nothing";
    return err({
      message: `${path} exports no implementation: export one as default or as \`implementation\` (defineImplementation({ name, itc?, allocator?, … })); it exports ${names}`,
    });
  }
  const checked = checkImplementation(candidate);
  return checked.ok ? checked : err({ message: `${path}: ${checked.error.message}` });
}
