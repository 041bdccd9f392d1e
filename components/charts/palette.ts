/**
 * Okabe–Ito, the colour-blind-safe palette (Okabe & Ito 2008): eight hues told apart with every common colour-vision
 * deficiency. Every series also differs by its dash pattern or marker and is named in the legend and the table, so
 * colour is never the only cue. Mid-tones that read on white and on the dark theme's slate.
 */
export const OKABE_ITO = {
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  green: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  purple: "#CC79A7",
  grey: "#999999",
} as const;

/** Series in order (stages, sites): blue, orange, green, vermillion, sky blue, purple, yellow, grey. */
export const SERIES_COLOURS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.vermillion, OKABE_ITO.skyBlue, OKABE_ITO.purple, OKABE_ITO.yellow, OKABE_ITO.grey];
/** Dash patterns that go with the colours, so lines differ without colour too. */
export const SERIES_DASHES = ["", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 4 1 4", "3 6"];

export const DONE = OKABE_ITO.blue;
export const FAILED = OKABE_ITO.vermillion;
export const FORECAST = OKABE_ITO.orange;
export const RUNNING = OKABE_ITO.green;
export const IDLE = OKABE_ITO.skyBlue;
export const HELD = OKABE_ITO.orange;
export const INCIDENT = OKABE_ITO.vermillion;
