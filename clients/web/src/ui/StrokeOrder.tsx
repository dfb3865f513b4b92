import { ActionIcon, Box, Group, Text, useMantineTheme } from "@mantine/core";
import { useReducedMotion } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import classes from "./StrokeOrder.module.css";

/** Where a KanjiVG path starts ("M31.75,24.75c…"): where its stroke number goes. */
export function strokeStart(d: string): [number, number] | null {
  const m = /^\s*M\s*(-?[\d.]+)[\s,]+(-?[\d.]+)/i.exec(d);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * A character's strokes from KanjiVG (109 × 109 units), numbered in writing order. Replay draws
 * them one after another; with reduced motion they appear at once.
 */
export function StrokeOrder({ literal, strokes, size = 140 }: { literal: string; strokes: string[]; size?: number }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const reduceMotion = useReducedMotion();
  const [run, setRun] = useState(0);
  const step = 0.6; // seconds per stroke
  return (
    <Box className={classes.root}>
      <svg
        key={run}
        width={size}
        height={size}
        viewBox="0 0 109 109"
        role="img"
        aria-label={t("lesson.strokeOrderOf", { literal, count: strokes.length })}
        data-testid="stroke-order"
        className={classes.grid}
      >
        <line x1="54.5" y1="0" x2="54.5" y2="109" className={classes.guide} />
        <line x1="0" y1="54.5" x2="109" y2="54.5" className={classes.guide} />
        {strokes.map((d, i) => (
          <path
            key={i}
            d={d}
            pathLength={1}
            className={run > 0 && !reduceMotion ? classes.animated : classes.stroke}
            style={{ animationDelay: `${i * step}s`, stroke: i === strokes.length - 1 ? theme.colors.red[7] : undefined }}
            data-testid="stroke"
          />
        ))}
        {strokes.map((d, i) => {
          const start = strokeStart(d);
          return start ? (
            <text key={i} x={start[0] - 4} y={start[1] - 2} className={classes.number}>
              {i + 1}
            </text>
          ) : null;
        })}
      </svg>
      <Group gap={4} justify="center">
        <Text size="xs" c="dimmed">
          {t("lesson.strokes", { count: strokes.length })}
        </Text>
        <ActionIcon variant="subtle" size="sm" aria-label={t("lesson.replayStrokes", { literal })} onClick={() => setRun((r) => r + 1)}>
          <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M3 12a9 9 0 1 0 3-6.7L3 8" />
            <path d="M3 3v5h5" />
          </svg>
        </ActionIcon>
      </Group>
    </Box>
  );
}
