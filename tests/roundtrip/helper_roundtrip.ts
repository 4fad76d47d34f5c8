// The generated client, driven through a request helper of the package's own (not the tool's http.ts):
// tests/test_client_request_roundtrip.py writes one helper per call shape (body as the 3rd argument,
// a fetch-style RequestInit, body + an options object as the 4th), scaffolds tests/data/widget_ops.yaml,
// compiles this driver with the generated client under --strict and runs it against the stand-in gateway.
// Like client_roundtrip.ts it asserts nothing itself: each call is recorded in the JSON report.

import {
  archiveWidget,
  configure,
  createWidget,
  deleteWidget,
  getWidget,
  listWidgets,
  moveTagWidget,
  request,
  updateWidget,
  usageWidget,
} from "../src/index";
import { env, run, step } from "./report";

async function main(): Promise<void> {
  configure({ baseUrl: env("GATEWAY_URL"), token: env("TOKEN") });

  const created = await step("create", () => createWidget({ name: "Revenue", tags: ["finance", "monthly"] }));
  const id = created?.id ?? "missing-id";
  await step("get", () => getWidget(id));
  await step("list", () => listWidgets({ page: 1, limit: 10 }));
  await step("listDefaults", () => listWidgets());
  await step("update", () => updateWidget(id, { name: "Revenue (EUR)", tags: ["eur"] }));
  await step("getAfterUpdate", () => getWidget(id));

  // The body reaches the validator: an empty name is refused by min=1.
  await step("createInvalid", () => createWidget({ name: "" }));
  await step("getSlashId", () => getWidget("a/b"));

  // Custom operations: the service answers 501 until their methods are written, but only after the query
  // and the body passed their checks (400 INVALID_QUERY / VALIDATION_ERROR otherwise).
  await step("usage", () => usageWidget(id, { from: 1000, to: 2000, detailed: true }));
  await step("usageFromOnly", () => usageWidget(id, { from: 1000 }));
  await step("moveTag", () => moveTagWidget(id, "c d", { position: 0 }));
  await step("moveTagInvalid", () => moveTagWidget(id, "c d", { position: -1 }));
  await step("archive", () => archiveWidget(id));

  // What the old template emitted for every helper: the body wrapped in an options object. The cast
  // erases the helper's signature, as `body?: unknown` did for tsc.
  const untyped = request as unknown as (method: string, path: string, options: unknown) => Promise<unknown>;
  await step("wrappedBody", () => untyped("POST", "/api/v1/widgets", { body: { name: "wrapped" } }));

  await step("delete", () => deleteWidget(id));
  await step("getDeleted", () => getWidget(id));
  await step("listAfterDelete", () => listWidgets({ page: 1, limit: 10 }));
}

run(main);
