// Custom operations through the generated client and the stand-in gateway
// (tests/test_custom_operations_roundtrip.py runs it twice: before and after the test writes the
// service methods). Like client_roundtrip.ts it asserts nothing: it records each call in a JSON report.

import type { Widget } from "@elqnt/types";
import { archiveWidget, configure, createWidget, moveTagWidget, request, usageWidget } from "../src/index";
import { env, run, step } from "./report";

async function main(): Promise<void> {
  configure({ baseUrl: env("GATEWAY_URL"), token: env("TOKEN_ORG_A") });
  const created = (await step("create", () => createWidget({ name: "Revenue", tags: ["a", "b", "c d"] }))) as Widget;
  const id = created.id;
  await step("archive", () => archiveWidget(id));
  await step("archiveMissing", () => archiveWidget("no-such-widget"));
  await step("usage", () => usageWidget(id, { from: 1000, to: 2000, detailed: true }));
  await step("usageBadQuery", () => request("GET", `/api/v1/widgets/${encodeURIComponent(id)}/usage`, { query: { from: "soon" } }));
  await step("usageMissingQuery", () => request("GET", `/api/v1/widgets/${encodeURIComponent(id)}/usage`, { query: {} }));
  await step("moveTag", () => moveTagWidget(id, "c d", { position: 0 }));
  await step("moveTagInvalid", () => moveTagWidget(id, "c d", { position: -1 }));
  await step("after", () => request<Widget>("GET", `/api/v1/widgets/${encodeURIComponent(id)}`));
  configure({ token: env("TOKEN_READ_ONLY") });
  await step("readOnlyMoveTag", () => moveTagWidget(id, "a", { position: 1 }));
}

run(main);
