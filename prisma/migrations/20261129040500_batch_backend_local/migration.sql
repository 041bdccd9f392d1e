-- A batch backend of child processes on the app's machine. Alone in its migration: PostgreSQL cannot use
-- an enum value added in the same transaction (as a default or in data).
ALTER TYPE "BatchBackend" ADD VALUE 'LOCAL';
