-- eval_verdict_counts: per eval version, how many of its executions on its agent's traces have
-- each verdict under each human label ('unlabelled' for none). These triggers keep it exact in
-- the same transaction as every write that changes it: executions written, re-run or deleted,
-- a trace's label or agent changed, a trace deleted.
INSERT INTO `eval_verdict_counts` (`workspace_id`, `eval_id`, `label`, `status`, `count`)
SELECT e.`workspace_id`, e.`eval_id`, coalesce(t.`label`, 'unlabelled'), e.`status`, count(*)
FROM `eval_executions` e
JOIN `traces` t ON t.`id` = e.`trace_id`
JOIN `evals` v ON v.`id` = e.`eval_id` AND v.`agent_id` = t.`agent_id`
GROUP BY e.`workspace_id`, e.`eval_id`, coalesce(t.`label`, 'unlabelled'), e.`status`;
--> statement-breakpoint
CREATE TRIGGER `eval_verdict_counts_on_execution_insert` AFTER INSERT ON `eval_executions` BEGIN
  INSERT INTO `eval_verdict_counts` (`workspace_id`, `eval_id`, `label`, `status`, `count`)
  SELECT NEW.`workspace_id`, NEW.`eval_id`, coalesce(t.`label`, 'unlabelled'), NEW.`status`, 1
  FROM `traces` t JOIN `evals` v ON v.`id` = NEW.`eval_id`
  WHERE t.`id` = NEW.`trace_id` AND t.`agent_id` = v.`agent_id`
  ON CONFLICT (`workspace_id`, `eval_id`, `label`, `status`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `eval_verdict_counts_on_execution_update`
AFTER UPDATE OF `status`, `eval_id`, `trace_id` ON `eval_executions`
WHEN OLD.`status` IS NOT NEW.`status` OR OLD.`eval_id` IS NOT NEW.`eval_id` OR OLD.`trace_id` IS NOT NEW.`trace_id`
BEGIN
  UPDATE `eval_verdict_counts` SET `count` = `count` - 1
  WHERE `workspace_id` = OLD.`workspace_id` AND `eval_id` = OLD.`eval_id` AND `status` = OLD.`status`
    AND `label` = (
      SELECT coalesce(t.`label`, 'unlabelled') FROM `traces` t JOIN `evals` v ON v.`id` = OLD.`eval_id`
      WHERE t.`id` = OLD.`trace_id` AND t.`agent_id` = v.`agent_id`);
  INSERT INTO `eval_verdict_counts` (`workspace_id`, `eval_id`, `label`, `status`, `count`)
  SELECT NEW.`workspace_id`, NEW.`eval_id`, coalesce(t.`label`, 'unlabelled'), NEW.`status`, 1
  FROM `traces` t JOIN `evals` v ON v.`id` = NEW.`eval_id`
  WHERE t.`id` = NEW.`trace_id` AND t.`agent_id` = v.`agent_id`
  ON CONFLICT (`workspace_id`, `eval_id`, `label`, `status`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
-- A trace's executions deleted with the trace were subtracted by the trace's own trigger below
-- (the trace row is gone when the cascade deletes them, so their label is unknown here).
CREATE TRIGGER `eval_verdict_counts_on_execution_delete` AFTER DELETE ON `eval_executions`
WHEN EXISTS (SELECT 1 FROM `traces` WHERE `id` = OLD.`trace_id`)
BEGIN
  UPDATE `eval_verdict_counts` SET `count` = `count` - 1
  WHERE `workspace_id` = OLD.`workspace_id` AND `eval_id` = OLD.`eval_id` AND `status` = OLD.`status`
    AND `label` = (
      SELECT coalesce(t.`label`, 'unlabelled') FROM `traces` t JOIN `evals` v ON v.`id` = OLD.`eval_id`
      WHERE t.`id` = OLD.`trace_id` AND t.`agent_id` = v.`agent_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `eval_verdict_counts_on_trace_change` AFTER UPDATE OF `label`, `agent_id` ON `traces`
WHEN OLD.`label` IS NOT NEW.`label` OR OLD.`agent_id` IS NOT NEW.`agent_id`
BEGIN
  UPDATE `eval_verdict_counts` SET `count` = `count` - 1
  WHERE `workspace_id` = OLD.`workspace_id` AND `label` = coalesce(OLD.`label`, 'unlabelled')
    AND (`eval_id`, `status`) IN (
      SELECT e.`eval_id`, e.`status` FROM `eval_executions` e JOIN `evals` v ON v.`id` = e.`eval_id`
      WHERE e.`workspace_id` = OLD.`workspace_id` AND e.`trace_id` = OLD.`id` AND v.`agent_id` = OLD.`agent_id`);
  INSERT INTO `eval_verdict_counts` (`workspace_id`, `eval_id`, `label`, `status`, `count`)
  SELECT e.`workspace_id`, e.`eval_id`, coalesce(NEW.`label`, 'unlabelled'), e.`status`, 1
  FROM `eval_executions` e JOIN `evals` v ON v.`id` = e.`eval_id`
  WHERE e.`workspace_id` = NEW.`workspace_id` AND e.`trace_id` = NEW.`id` AND v.`agent_id` = NEW.`agent_id`
  ON CONFLICT (`workspace_id`, `eval_id`, `label`, `status`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `eval_verdict_counts_on_trace_delete` BEFORE DELETE ON `traces` BEGIN
  UPDATE `eval_verdict_counts` SET `count` = `count` - 1
  WHERE `workspace_id` = OLD.`workspace_id` AND `label` = coalesce(OLD.`label`, 'unlabelled')
    AND (`eval_id`, `status`) IN (
      SELECT e.`eval_id`, e.`status` FROM `eval_executions` e JOIN `evals` v ON v.`id` = e.`eval_id`
      WHERE e.`workspace_id` = OLD.`workspace_id` AND e.`trace_id` = OLD.`id` AND v.`agent_id` = OLD.`agent_id`);
END;
