CREATE TABLE `agent_functions` (
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`function_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`agent_id`, `function_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`function_id`) REFERENCES `functions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_functions_workspace_idx` ON `agent_functions` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `agent_tools` (
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`tool_id` text NOT NULL,
	`mode` text DEFAULT 'replay' NOT NULL,
	`allow_side_effects` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`agent_id`, `tool_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tool_id`) REFERENCES `tools`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_tools_workspace_idx` ON `agent_tools` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `agent_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`version` integer NOT NULL,
	`prompt_template` text NOT NULL,
	`variables` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'candidate' NOT NULL,
	`source` text NOT NULL,
	`parent_version_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`promoted_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agent_versions_agent_version_idx` ON `agent_versions` (`agent_id`,`version`);--> statement-breakpoint
CREATE INDEX `agent_versions_workspace_agent_status_idx` ON `agent_versions` (`workspace_id`,`agent_id`,`status`);--> statement-breakpoint
CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`status` text DEFAULT 'discovered' NOT NULL,
	`active_version_id` text,
	`trace_count` integer DEFAULT 0 NOT NULL,
	`last_trace_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`active_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_workspace_name_idx` ON `agents` (`workspace_id`,`name`);--> statement-breakpoint
CREATE INDEX `agents_workspace_updated_idx` ON `agents` (`workspace_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `functions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`code` text NOT NULL,
	`input_schema` text,
	`output_schema` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `functions_workspace_name_idx` ON `functions` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `system_prompts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`hash` text NOT NULL,
	`content` text NOT NULL,
	`agent_id` text,
	`agent_version_id` text,
	`variables` text DEFAULT '{}' NOT NULL,
	`trace_count` integer DEFAULT 0 NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `system_prompts_workspace_hash_idx` ON `system_prompts` (`workspace_id`,`hash`);--> statement-breakpoint
CREATE INDEX `system_prompts_workspace_agent_idx` ON `system_prompts` (`workspace_id`,`agent_id`);--> statement-breakpoint
CREATE TABLE `tools` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`input_schema` text DEFAULT '{}' NOT NULL,
	`origin` text NOT NULL,
	`server` text,
	`annotations` text DEFAULT '{}' NOT NULL,
	`config` text DEFAULT '{}' NOT NULL,
	`read_only` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tools_workspace_name_idx` ON `tools` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `eval_candidate_executions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`candidate_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`fold` integer,
	`status` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`error` text,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`candidate_id`) REFERENCES `eval_candidates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eval_candidate_executions_candidate_trace_idx` ON `eval_candidate_executions` (`candidate_id`,`trace_id`);--> statement-breakpoint
CREATE INDEX `eval_candidate_executions_workspace_idx` ON `eval_candidate_executions` (`workspace_id`,`candidate_id`);--> statement-breakpoint
CREATE TABLE `eval_candidates` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`generation_id` text NOT NULL,
	`eval_id` text,
	`generator` text NOT NULL,
	`model` text,
	`focus` text DEFAULT '' NOT NULL,
	`code` text NOT NULL,
	`code_hash` text NOT NULL,
	`static_issues` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`prompt_trace_ids` text DEFAULT '[]' NOT NULL,
	`train_metrics` text,
	`held_out_metrics` text,
	`duration_ms` integer,
	`cost_usd` real,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `eval_candidates_workspace_generation_idx` ON `eval_candidates` (`workspace_id`,`generation_id`);--> statement-breakpoint
CREATE INDEX `eval_candidates_workspace_agent_created_idx` ON `eval_candidates` (`workspace_id`,`agent_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `eval_cv_results` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`candidate_id` text NOT NULL,
	`eval_id` text,
	`fold` integer NOT NULL,
	`k` integer NOT NULL,
	`metrics` text NOT NULL,
	`mean` text,
	`std` text,
	`stable` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`candidate_id`) REFERENCES `eval_candidates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eval_cv_results_candidate_fold_idx` ON `eval_cv_results` (`candidate_id`,`fold`);--> statement-breakpoint
CREATE INDEX `eval_cv_results_workspace_eval_idx` ON `eval_cv_results` (`workspace_id`,`eval_id`);--> statement-breakpoint
CREATE TABLE `eval_executions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`eval_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`error` text,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`output` text DEFAULT '' NOT NULL,
	`job_id` text,
	`executed_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eval_executions_eval_trace_idx` ON `eval_executions` (`eval_id`,`trace_id`);--> statement-breakpoint
CREATE INDEX `eval_executions_workspace_eval_status_idx` ON `eval_executions` (`workspace_id`,`eval_id`,`status`);--> statement-breakpoint
CREATE INDEX `eval_executions_workspace_trace_idx` ON `eval_executions` (`workspace_id`,`trace_id`);--> statement-breakpoint
CREATE INDEX `eval_executions_workspace_executed_idx` ON `eval_executions` (`workspace_id`,`executed_at`);--> statement-breakpoint
CREATE TABLE `eval_llm_cache` (
	`workspace_id` text NOT NULL,
	`key` text NOT NULL,
	`model` text NOT NULL,
	`response` text NOT NULL,
	`usage` text NOT NULL,
	`cost_usd` real,
	`hit_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`last_hit_at` integer,
	PRIMARY KEY(`workspace_id`, `key`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `eval_prompt_coverage` (
	`workspace_id` text NOT NULL,
	`eval_id` text NOT NULL,
	`system_prompt_id` text NOT NULL,
	`executions` integer DEFAULT 0 NOT NULL,
	`passes` integer DEFAULT 0 NOT NULL,
	`fails` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`labelled` integer DEFAULT 0 NOT NULL,
	`agreed` integer DEFAULT 0 NOT NULL,
	`agreement` real,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`eval_id`, `system_prompt_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`system_prompt_id`) REFERENCES `system_prompts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `eval_prompt_coverage_workspace_eval_idx` ON `eval_prompt_coverage` (`workspace_id`,`eval_id`);--> statement-breakpoint
CREATE TABLE `evals` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`name` text NOT NULL,
	`version` integer NOT NULL,
	`parent_eval_id` text,
	`status` text DEFAULT 'candidate' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`code` text NOT NULL,
	`code_hash` text NOT NULL,
	`generator` text NOT NULL,
	`model` text,
	`generation_prompt` text,
	`training_trace_ids` text DEFAULT '[]' NOT NULL,
	`held_out_metrics` text,
	`auto_refine` integer DEFAULT false NOT NULL,
	`alert_thresholds` text DEFAULT '{}' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`activated_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evals_agent_name_version_idx` ON `evals` (`agent_id`,`name`,`version`);--> statement-breakpoint
CREATE INDEX `evals_workspace_agent_status_idx` ON `evals` (`workspace_id`,`agent_id`,`status`);--> statement-breakpoint
CREATE INDEX `evals_workspace_status_idx` ON `evals` (`workspace_id`,`status`);--> statement-breakpoint
CREATE TABLE `feedback` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`user_id` text,
	`labeller_key` text NOT NULL,
	`rating` text NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`source` text DEFAULT 'human' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_trace_labeller_idx` ON `feedback` (`trace_id`,`labeller_key`);--> statement-breakpoint
CREATE INDEX `feedback_workspace_trace_idx` ON `feedback` (`workspace_id`,`trace_id`);--> statement-breakpoint
CREATE INDEX `feedback_workspace_updated_idx` ON `feedback` (`workspace_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `task_feedback_pairs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`task_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`feedback_id` text,
	`relation` text NOT NULL,
	`score` real,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `task_metadata`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_feedback_pairs_task_trace_relation_idx` ON `task_feedback_pairs` (`task_id`,`trace_id`,`relation`);--> statement-breakpoint
CREATE INDEX `task_feedback_pairs_workspace_task_idx` ON `task_feedback_pairs` (`workspace_id`,`task_id`);--> statement-breakpoint
CREATE TABLE `integrations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`base_url` text,
	`config` text DEFAULT '{}' NOT NULL,
	`secret_ciphertext` text,
	`secret_hint` text,
	`status` text DEFAULT 'active' NOT NULL,
	`last_tested_at` integer,
	`last_error` text,
	`sync_cursor` text,
	`last_synced_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `integrations_workspace_name_idx` ON `integrations` (`workspace_id`,`name`);--> statement-breakpoint
CREATE INDEX `integrations_workspace_kind_idx` ON `integrations` (`workspace_id`,`kind`);--> statement-breakpoint
CREATE TABLE `job_retry_history` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`job_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`error_code` text NOT NULL,
	`error_message` text NOT NULL,
	`category` text NOT NULL,
	`retryable` integer NOT NULL,
	`delay_ms` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_retry_history_job_attempt_idx` ON `job_retry_history` (`job_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `job_retry_history_workspace_idx` ON `job_retry_history` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`run_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 5 NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`progress` text,
	`result` text,
	`error` text,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`idempotency_key` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`status`,`priority`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_lease_idx` ON `jobs` (`status`,`lease_expires_at`);--> statement-breakpoint
CREATE INDEX `jobs_workspace_created_idx` ON `jobs` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `jobs_workspace_status_idx` ON `jobs` (`workspace_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_workspace_idempotency_idx` ON `jobs` (`workspace_id`,`idempotency_key`) WHERE "jobs"."idempotency_key" is not null;--> statement-breakpoint
CREATE TABLE `auto_refine_cooldowns` (
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`eval_name` text NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`last_triggered_at` integer,
	`next_allowed_at` integer,
	`last_outcome` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `agent_id`, `eval_name`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `performance_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`eval_id` text NOT NULL,
	`kind` text NOT NULL,
	`severity` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`message` text NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`opened_at` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	`resolved_at` integer,
	`resolved_by` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `performance_alerts_open_dedupe_idx` ON `performance_alerts` (`eval_id`,`kind`) WHERE "performance_alerts"."status" != 'resolved';--> statement-breakpoint
CREATE INDEX `performance_alerts_workspace_status_opened_idx` ON `performance_alerts` (`workspace_id`,`status`,`opened_at`);--> statement-breakpoint
CREATE TABLE `performance_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`eval_id` text NOT NULL,
	`day` text NOT NULL,
	`executions` integer NOT NULL,
	`passes` integer NOT NULL,
	`fails` integer NOT NULL,
	`errors` integer NOT NULL,
	`labelled` integer NOT NULL,
	`agreed` integer NOT NULL,
	`contradictions` integer NOT NULL,
	`agreement` real,
	`pass_rate` real,
	`error_rate` real,
	`prompt_distribution` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `performance_snapshots_eval_day_idx` ON `performance_snapshots` (`eval_id`,`day`);--> statement-breakpoint
CREATE INDEX `performance_snapshots_workspace_day_idx` ON `performance_snapshots` (`workspace_id`,`day`);--> statement-breakpoint
CREATE TABLE `refinement_history` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`eval_name` text NOT NULL,
	`from_eval_id` text,
	`to_eval_id` text,
	`trigger` text NOT NULL,
	`alert_id` text,
	`job_id` text,
	`status` text DEFAULT 'running' NOT NULL,
	`contradictions` integer DEFAULT 0 NOT NULL,
	`outcome` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`from_eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`to_eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`alert_id`) REFERENCES `performance_alerts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `refinement_history_workspace_agent_created_idx` ON `refinement_history` (`workspace_id`,`agent_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `gepa_run_tasks` (
	`workspace_id` text NOT NULL,
	`gepa_run_id` text NOT NULL,
	`task_id` text NOT NULL,
	`split` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`gepa_run_id`, `task_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`gepa_run_id`) REFERENCES `gepa_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `taskset_tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `gepa_run_tasks_workspace_run_split_idx` ON `gepa_run_tasks` (`workspace_id`,`gepa_run_id`,`split`);--> statement-breakpoint
CREATE TABLE `gepa_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`taskset_id` text,
	`base_version_id` text,
	`config` text NOT NULL,
	`state` text,
	`stage` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`budget_rollouts` integer NOT NULL,
	`used_rollouts` integer DEFAULT 0 NOT NULL,
	`reflection_cost_usd` real DEFAULT 0 NOT NULL,
	`reflection_tokens` integer DEFAULT 0 NOT NULL,
	`best_candidate_hash` text,
	`test_report` text,
	`job_id` text,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`taskset_id`) REFERENCES `tasksets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`base_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `gepa_runs_workspace_agent_created_idx` ON `gepa_runs` (`workspace_id`,`agent_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `rollout_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`taskset_run_id` text,
	`gepa_run_id` text,
	`stage` text NOT NULL,
	`candidate_hash` text NOT NULL,
	`task_ids` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`rollouts_planned` integer NOT NULL,
	`rollouts_done` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`taskset_run_id`) REFERENCES `taskset_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`gepa_run_id`) REFERENCES `gepa_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rollout_batches_workspace_gepa_idx` ON `rollout_batches` (`workspace_id`,`gepa_run_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `rollout_batches_workspace_run_idx` ON `rollout_batches` (`workspace_id`,`taskset_run_id`);--> statement-breakpoint
CREATE TABLE `rollout_results` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`task_id` text NOT NULL,
	`rollout_index` integer NOT NULL,
	`trace_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`score` real,
	`eval_scores` text DEFAULT '{}' NOT NULL,
	`termination_reason` text,
	`error` text,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`latency_ms` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`batch_id`) REFERENCES `rollout_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `taskset_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rollout_results_batch_task_index_idx` ON `rollout_results` (`batch_id`,`task_id`,`rollout_index`);--> statement-breakpoint
CREATE INDEX `rollout_results_workspace_batch_idx` ON `rollout_results` (`workspace_id`,`batch_id`);--> statement-breakpoint
CREATE TABLE `taskset_run_results` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`run_id` text NOT NULL,
	`task_id` text NOT NULL,
	`rollout_result_id` text,
	`status` text NOT NULL,
	`score` real,
	`eval_results` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `taskset_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `taskset_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rollout_result_id`) REFERENCES `rollout_results`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `taskset_run_results_run_task_idx` ON `taskset_run_results` (`run_id`,`task_id`);--> statement-breakpoint
CREATE INDEX `taskset_run_results_workspace_run_idx` ON `taskset_run_results` (`workspace_id`,`run_id`);--> statement-breakpoint
CREATE TABLE `taskset_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`taskset_id` text NOT NULL,
	`agent_version_id` text,
	`candidate_text` text,
	`config` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`job_id` text,
	`summary` text DEFAULT '{}' NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`taskset_id`) REFERENCES `tasksets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `taskset_runs_workspace_taskset_created_idx` ON `taskset_runs` (`workspace_id`,`taskset_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `taskset_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`taskset_id` text NOT NULL,
	`task_metadata_id` text,
	`source_trace_id` text,
	`external_id` text,
	`user_message` text NOT NULL,
	`user_turns` text DEFAULT '[]' NOT NULL,
	`scenario` text,
	`variables` text DEFAULT '{}' NOT NULL,
	`expectations` text DEFAULT '{}' NOT NULL,
	`split` text,
	`cluster_id` text,
	`content_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`taskset_id`) REFERENCES `tasksets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_metadata_id`) REFERENCES `task_metadata`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`source_trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `taskset_tasks_taskset_hash_idx` ON `taskset_tasks` (`taskset_id`,`content_hash`);--> statement-breakpoint
CREATE INDEX `taskset_tasks_workspace_taskset_idx` ON `taskset_tasks` (`workspace_id`,`taskset_id`);--> statement-breakpoint
CREATE TABLE `tasksets` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`task_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasksets_workspace_agent_name_idx` ON `tasksets` (`workspace_id`,`agent_id`,`name`);--> statement-breakpoint
CREATE INDEX `tasksets_workspace_updated_idx` ON `tasksets` (`workspace_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `playground_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text,
	`agent_version_id` text,
	`draft_prompt` text,
	`model_config` text DEFAULT '{}' NOT NULL,
	`variables` text DEFAULT '{}' NOT NULL,
	`tool_bindings` text DEFAULT '{}' NOT NULL,
	`messages` text DEFAULT '[]' NOT NULL,
	`trace_id` text,
	`status` text DEFAULT 'idle' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `playground_sessions_workspace_updated_idx` ON `playground_sessions` (`workspace_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `playground_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`session_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`kind` text NOT NULL,
	`input` text,
	`output` text,
	`tool_name` text,
	`tool_mode` text,
	`input_tokens` integer,
	`output_tokens` integer,
	`latency_ms` integer,
	`error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `playground_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `playground_steps_session_index_idx` ON `playground_steps` (`session_id`,`step_index`);--> statement-breakpoint
CREATE INDEX `playground_steps_workspace_session_idx` ON `playground_steps` (`workspace_id`,`session_id`);--> statement-breakpoint
CREATE TABLE `prompt_best_practices` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text,
	`category` text NOT NULL,
	`title` text NOT NULL,
	`rule` text NOT NULL,
	`trigger` text,
	`lint` text,
	`source` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `prompt_best_practices_workspace_category_idx` ON `prompt_best_practices` (`workspace_id`,`category`);--> statement-breakpoint
CREATE TABLE `prompt_iterations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`parent_iteration_id` text,
	`base_version_id` text,
	`gepa_run_id` text,
	`candidate_index` integer,
	`iteration` integer,
	`source` text NOT NULL,
	`text` text NOT NULL,
	`text_hash` text NOT NULL,
	`change_summary` text,
	`guard_results` text DEFAULT '{}' NOT NULL,
	`scores` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_iteration_id`) REFERENCES `prompt_iterations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`base_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`gepa_run_id`) REFERENCES `gepa_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `prompt_iterations_workspace_agent_created_idx` ON `prompt_iterations` (`workspace_id`,`agent_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `prompt_iterations_workspace_run_idx` ON `prompt_iterations` (`workspace_id`,`gepa_run_id`);--> statement-breakpoint
CREATE TABLE `spans` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`span_id` text NOT NULL,
	`parent_span_id` text,
	`name` text NOT NULL,
	`kind` text DEFAULT 'UNKNOWN' NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`duration_ms` integer,
	`status` text DEFAULT 'unset' NOT NULL,
	`status_message` text,
	`model` text,
	`input_tokens` integer,
	`output_tokens` integer,
	`cost_usd` real,
	`input` text,
	`output` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`events` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `spans_workspace_trace_span_idx` ON `spans` (`workspace_id`,`trace_id`,`span_id`);--> statement-breakpoint
CREATE INDEX `spans_trace_started_idx` ON `spans` (`trace_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `task_metadata` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`agent_id` text,
	`first_user_message` text,
	`user_turns` text DEFAULT '[]' NOT NULL,
	`scenario` text,
	`variables` text DEFAULT '{}' NOT NULL,
	`expected_output` text,
	`expected_actions` text,
	`success_criteria` text DEFAULT '[]' NOT NULL,
	`difficulty` text,
	`domain` text,
	`kind` text NOT NULL,
	`cluster_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_metadata_trace_idx` ON `task_metadata` (`trace_id`);--> statement-breakpoint
CREATE INDEX `task_metadata_workspace_agent_idx` ON `task_metadata` (`workspace_id`,`agent_id`);--> statement-breakpoint
CREATE INDEX `task_metadata_workspace_cluster_idx` ON `task_metadata` (`workspace_id`,`cluster_id`);--> statement-breakpoint
CREATE TABLE `task_similar_traces` (
	`workspace_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`similar_trace_id` text NOT NULL,
	`method` text NOT NULL,
	`score` real NOT NULL,
	`rank` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`trace_id`, `similar_trace_id`, `method`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`similar_trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `task_similar_traces_workspace_trace_rank_idx` ON `task_similar_traces` (`workspace_id`,`trace_id`,`rank`);--> statement-breakpoint
CREATE TABLE `trace_scores` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`value_number` real,
	`value_string` text,
	`comment` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trace_scores_workspace_source_external_idx` ON `trace_scores` (`workspace_id`,`source`,`external_id`);--> statement-breakpoint
CREATE INDEX `trace_scores_workspace_trace_idx` ON `trace_scores` (`workspace_id`,`trace_id`);--> statement-breakpoint
CREATE TABLE `trace_summaries` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`kind` text NOT NULL,
	`model` text DEFAULT '' NOT NULL,
	`prompt_hash` text DEFAULT '' NOT NULL,
	`body` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trace_summaries_trace_kind_model_idx` ON `trace_summaries` (`trace_id`,`kind`,`model`,`prompt_hash`);--> statement-breakpoint
CREATE INDEX `trace_summaries_workspace_idx` ON `trace_summaries` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `traces` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`agent_id` text,
	`agent_version_id` text,
	`system_prompt_id` text,
	`name` text,
	`session_id` text,
	`external_user_id` text,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`duration_ms` integer,
	`span_count` integer DEFAULT 0 NOT NULL,
	`step_count` integer DEFAULT 0 NOT NULL,
	`tool_call_count` integer DEFAULT 0 NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`has_errors` integer DEFAULT false NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real,
	`input_preview` text DEFAULT '' NOT NULL,
	`output_preview` text DEFAULT '' NOT NULL,
	`label` text,
	`labelled_at` integer,
	`eval_view` text NOT NULL,
	`eval_view_version` integer NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`system_prompt_id`) REFERENCES `system_prompts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `traces_workspace_source_external_idx` ON `traces` (`workspace_id`,`source`,`external_id`);--> statement-breakpoint
CREATE INDEX `traces_workspace_started_idx` ON `traces` (`workspace_id`,`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `traces_workspace_agent_started_idx` ON `traces` (`workspace_id`,`agent_id`,`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `traces_workspace_agent_label_started_idx` ON `traces` (`workspace_id`,`agent_id`,`label`,`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `traces_workspace_label_started_idx` ON `traces` (`workspace_id`,`label`,`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `traces_workspace_errors_started_idx` ON `traces` (`workspace_id`,`started_at`,`id`) WHERE "traces"."has_errors" = 1;--> statement-breakpoint
CREATE INDEX `traces_workspace_prompt_idx` ON `traces` (`workspace_id`,`system_prompt_id`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`public_key` text NOT NULL,
	`secret_hash` text NOT NULL,
	`secret_hint` text NOT NULL,
	`role` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_public_key_idx` ON `api_keys` (`public_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_secret_hash_idx` ON `api_keys` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_workspace_created_idx` ON `api_keys` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `login_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `login_tokens_user_idx` ON `login_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`workspace_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `user_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `memberships_user_idx` ON `memberships` (`user_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`workspace_id` text,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_slug_unique` ON `workspaces` (`slug`);