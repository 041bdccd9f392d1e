export type { SplitSpec, SplitKind } from "./spec";
export { parseSplitType, formatSplitType, SPLIT_EXAMPLES, MAX_SPLIT_N, MAX_RUN } from "./spec";
export type { SplitCursor } from "./cursor";
export { resetCursor, readCursor, stepBackCursor, setCursor, describeCursor, deliveringSubmissions, listDatasets } from "./cursor";
export type { CatalogueFile, SliceResult } from "./slice";
export { takeSlice, previewSlice, datasetForLaunch } from "./slice";
