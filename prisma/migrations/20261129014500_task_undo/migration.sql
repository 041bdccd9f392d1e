-- Undo of a board move or a decision: its own event kind, naming the event it reverts.
ALTER TYPE "TaskEventKind" ADD VALUE 'UNDONE';
ALTER TABLE "TaskEvent" ADD COLUMN "undoesId" INTEGER;
