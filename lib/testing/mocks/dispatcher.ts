/**
 * A mock Data Dispatcher server on the mock-server harness, speaking the formats of its web server
 * (web_server/data_server.py in fermitools/data_dispatcher; docs/data-handling.md cites the lines): `project?
 * project_id=&with_files=yes` answers the project with its file handles as `text/json`, 404 "Project not found";
 * `probe` answers `OK`.
 */
import { startMockServer, type MockServer } from "@/lib/testing/mock-server";

export type DispatcherHandle = { namespace: string; name: string; state: "initial" | "reserved" | "done" | "failed"; attempts: number; worker_id: string | null };
export type DispatcherProject = { project_id: number; owner: string; state: "active" | "failed" | "done" | "cancelled" | "held" | "abandoned"; file_handles: DispatcherHandle[] };
export type DispatcherScenario = { projects: DispatcherProject[] };

export function startDispatcherMock(scenario: Partial<DispatcherScenario> = {}, opts: { prefix?: string; slowMs?: number } = {}): Promise<MockServer<DispatcherScenario>> {
  const prefix = opts.prefix ?? "/dune/dd/data";
  return startMockServer<DispatcherScenario>({
    scenario: { projects: [], ...scenario },
    slowMs: opts.slowMs,
    routes: {
      [`GET ${prefix}/probe`]: () => ({ text: "OK" }),
      [`GET ${prefix}/project`]: (req, { scenario: s, now }) => {
        const p = s.projects.find((x) => String(x.project_id) === req.query.get("project_id"));
        if (!p) return { status: 404, text: "Project not found" };
        const withFiles = req.query.get("with_files") !== "no";
        const body = {
          project_id: p.project_id,
          owner: p.owner,
          state: p.state,
          retry_count: 0,
          attributes: {},
          created_timestamp: now - 3600,
          ended_timestamp: null,
          active: p.state === "active",
          query: null,
          worker_timeout: null,
          idle_timeout: 259200,
          users: [],
          roles: [],
          ...(withFiles ? { file_handles: p.file_handles.map((h) => ({ project_id: p.project_id, ...h, attributes: {}, reserved_since: h.state === "reserved" ? now - 60 : null })) } : {}),
        };
        return { text: JSON.stringify(body), contentType: "text/json" };
      },
    },
  });
}
