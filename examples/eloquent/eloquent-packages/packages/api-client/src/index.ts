export * from "./http";
export * from "./projects";
