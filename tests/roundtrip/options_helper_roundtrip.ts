// The per-call options through a request helper of the package's own whose options have `signal` and
// `headers` (tests/test_client_options.py writes it): the generated functions pass them on. Run against the
// same scripted server as options_roundtrip.ts; outcomes are recorded as values, the Python side asserts.

import { configure, getGadget } from "../src/index";
import { env, run, step } from "./report";

async function outcome(call: () => Promise<unknown>): Promise<{ threw: boolean; name: string; isDOMException: boolean }> {
  try {
    await call();
    return { threw: false, name: "", isDOMException: false };
  } catch (err) {
    return { threw: true, name: err instanceof Error ? err.name : typeof err, isDOMException: err instanceof DOMException };
  }
}

async function main(): Promise<void> {
  configure({ baseUrl: env("SERVER_URL") });
  await step("headers", () => outcome(() => getGadget("mine", { headers: { "X-Trace": "own-helper" } })));
  const controller = new AbortController();
  const pending = outcome(() => getGadget("slow", { signal: controller.signal }));
  setTimeout(() => controller.abort(), 50);
  await step("abort", () => pending);
}

run(main);
