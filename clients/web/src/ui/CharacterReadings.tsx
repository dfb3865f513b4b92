import { Badge, Group, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

export interface CharacterText {
  kind: string;
  romaji: string | null;
  onReadings: string[];
  kunReadings: string[];
  meanings: string[];
}

function Readings({ values, lang, testId }: { values: string[]; lang?: string; testId: string }) {
  const { t } = useTranslation();
  if (values.length === 0)
    return (
      <Text span c="dimmed" size="sm">
        {t("lesson.none")}
      </Text>
    );
  return (
    <Group gap={6} data-testid={testId}>
      {values.map((v) => (
        <Badge key={v} variant="light" size="lg" tt="none" lang={lang}>
          {v}
        </Badge>
      ))}
    </Group>
  );
}

/**
 * On-readings (katakana), kun-readings (hiragana, "." before okurigana) and meanings, each with
 * its label; a kana has its sound instead.
 */
export function CharacterReadings({ character }: { character: CharacterText }) {
  const { t } = useTranslation();
  const rows =
    character.kind === "KANJI"
      ? [
          {
            label: t("lesson.onReadings"),
            hint: "音読み",
            node: <Readings values={character.onReadings} lang="ja" testId="on-readings" />,
          },
          {
            label: t("lesson.kunReadings"),
            hint: "訓読み",
            node: <Readings values={character.kunReadings} lang="ja" testId="kun-readings" />,
          },
          {
            label: t("lesson.meanings"),
            node: (
              <Text size="sm" lang="en" data-testid="meanings">
                {character.meanings.join("; ")}
              </Text>
            ),
          },
        ]
      : [
          {
            label: t("lesson.sound"),
            node: <Readings values={character.romaji ? [character.romaji] : []} lang="ja-Latn" testId="romaji" />,
          },
        ];
  return (
    <Table variant="vertical" withRowBorders={false}>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.label}>
            <Table.Th w={120}>
              {row.label}
              {row.hint && (
                <Text span size="xs" c="dimmed" lang="ja" display="block">
                  {row.hint}
                </Text>
              )}
            </Table.Th>
            <Table.Td>{row.node}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
