export * from "./project-service";
export * from "./widget-service";
