// What the /v1 API answers, as the pages read it (the OpenAPI document at
// /openapi.json is the full description).

export interface Problem {
  slug: string; name: string; origin: string; time_limit_seconds: number; memory_mib: number;
  difficulty?: string; tags: string[];
  scoring: boolean; interactive: boolean;
}

export interface LanguageLimit { language: string; seconds: number; fuel: number; source: "accepted" | "multiplier" | "package"; why: string }

export interface ProblemFull extends Problem {
  statement: string | null; samples: { name: string; input: string; output: string }[]; secret_tests: number;
  time_limits: LanguageLimit[];
}

export interface Language { id: string; name: string; available: boolean; starter: string }

export interface Test {
  name: string; verdict: string; fuel: number; time_ms: number; memory_bytes: number; sample: boolean;
  score?: number; input?: string; expected?: string; output?: string; message?: string;
}

export interface Submission {
  id: string; state: string; problem: string; language: string; verdict?: string;
  score?: number; max_score?: number; fuel_limit?: number; time_limit?: LanguageLimit; tests?: Test[]; compile_log?: string;
  source?: string; author?: { key_id: string; name?: string }; created_at: string; finished_at?: string;
  growth?: Growth;
}

export interface GrowthPoint { n: number; fuel: number }
export interface GrowthFit {
  exponent: number; exponent_low: number; exponent_high: number; coefficient: number; r_squared: number;
  class: string; class_r_squared: number; baseline_fuel: number;
}
export interface Growth {
  points: GrowthPoint[]; fit?: GrowthFit; words?: string; stopped?: string; series_fuel: number;
  reference?: { path: string; points: GrowthPoint[]; fit?: GrowthFit; words: string };
  profile?: {
    input: string; n: number; unit?: "function" | "line"; functions_run: number; ended: string;
    functions: { name: string; fuel: number; calls: number; share_permille: number }[];
  };
}

export interface SubmissionPage { items: Submission[]; next_cursor?: string }

export interface Key { id: string; name: string; role: string; created_at: string; revoked_at?: string }

export interface Point {
  at_ms: number; request_rate: number; error_ratio: number;
  latency_p50_seconds?: number; latency_p95_seconds?: number; latency_p99_seconds?: number;
  queue_depth: number; queue_capacity: number; workers_busy: number; workers_total: number;
}

export interface Status {
  sampled_every_seconds: number; window_seconds: number; points: Point[];
  verdicts: { language: string; verdict: string; count: number }[];
  cache: { hits: number; misses: number; hit_ratio?: number };
  webhooks: { delivered: number; retrying: number; failed: number };
  rate_limited: number; internal_errors: number;
  links: { grafana?: string; grafana_dashboard: string; runbooks: { alert: string; href: string }[] };
}
