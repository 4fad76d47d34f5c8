export * from "./http";
export * from "./projects";
export * from "./widgets";
