export * from "./project-service";
