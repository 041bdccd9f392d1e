/** Axis and tooltip looks shared by the progress charts: the text's colour (currentColor) in both themes. */
export const AXIS = { tick: { fill: "currentColor", fontSize: 12 }, stroke: "currentColor", strokeOpacity: 0.4 } as const;

export const TOOLTIP = {
  contentStyle: { backgroundColor: "#0f172a", color: "#f8fafc", border: 0, borderRadius: 6, fontSize: 12 },
  itemStyle: { color: "#f8fafc" },
  labelStyle: { color: "#f8fafc" },
  cursor: { stroke: "currentColor", strokeOpacity: 0.3 },
} as const;
