import type { Project, CreateProjectRequest, UpdateProjectRequest, ListProjectsResponse } from "@elqnt/types";
import { request } from "./http";

/** Lists the organization's projects, one page at a time (GET /api/v1/projects). */
export async function listProjects(params?: { page?: number; limit?: number }): Promise<ListProjectsResponse> {
  return request<ListProjectsResponse>("GET", "/api/v1/projects", { query: params });
}

/** Creates a project (POST /api/v1/projects). */
export async function createProject(body: CreateProjectRequest): Promise<Project> {
  return request<Project>("POST", "/api/v1/projects", { body });
}

/** Returns one project (GET /api/v1/projects/{id}). */
export async function getProject(id: string): Promise<Project> {
  return request<Project>("GET", `/api/v1/projects/${encodeURIComponent(id)}`);
}

/** Replaces a project's editable fields (PUT /api/v1/projects/{id}). */
export async function updateProject(id: string, body: UpdateProjectRequest): Promise<Project> {
  return request<Project>("PUT", `/api/v1/projects/${encodeURIComponent(id)}`, { body });
}

/** Deletes a project (DELETE /api/v1/projects/{id}). */
export async function deleteProject(id: string): Promise<void> {
  return request<void>("DELETE", `/api/v1/projects/${encodeURIComponent(id)}`);
}
