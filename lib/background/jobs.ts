/**
 * The background jobs and their steps, in order. The cron route runs "refresh"; later issues add
 * their steps here (probe services, read batch status, apply updates, wrap up, drain held launches).
 */
import "server-only";
import type { Step } from "./runner";
import { expireNotifications } from "./steps/expire-notifications";
import { batchStatusStep } from "@/lib/submissions/refresh/poll-batch";
import { staleNewStep } from "@/lib/submissions/refresh/expire-new";
import { drainHeldStep } from "@/lib/submissions/refresh/drain-held";
import { outputsStep } from "@/lib/submissions/refresh/outputs";
import { locateStep } from "@/lib/submissions/refresh/locate";
import { wrapUpStep } from "@/lib/chains/wrap-up-step";
import { schedulesStep } from "@/lib/schedules/run-schedules";
import { servicesStep } from "@/lib/services/refresh/services-step";
import { forecastsStep } from "@/lib/forecast/step";

export const JOBS: Record<string, Step[]> = {
  // "services" first: every launch of this run (wrap-up, schedules, held launches) sees fresh service states, and a
  // service that recovered releases its held launches in the same run.
  refresh: [servicesStep, batchStatusStep, outputsStep, locateStep, staleNewStep, wrapUpStep, schedulesStep, drainHeldStep, forecastsStep, expireNotifications],
};
