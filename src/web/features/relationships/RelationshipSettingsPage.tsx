import { Alert, Stack, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useCan } from '../../lib/session.js';
import { SectionHeader } from '../settings/SettingsParts.js';
import { ClassifierEditor } from './ClassifierEditor.js';
import { RulesEditor } from './RulesEditor.js';

/**
 * Settings → Relationships: the contact rules each relationship type implies, and the scoring
 * model that infers the types. Admins edit; everyone else sees both read-only.
 */
export function RelationshipSettingsPage() {
  const readOnly = !useCan('workspace:manage');
  return (
    <>
      <SectionHeader
        title="Relationships"
        description="How each kind of relationship is to be treated, and how customers’ relationship types are inferred. Rule changes apply to the next contact; model changes from the next recompute."
      />
      <Stack gap="xl">
        {readOnly ? (
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
            Only admins can change the contact rules and the scoring model.
          </Alert>
        ) : null}
        <Stack gap="sm" component="section" aria-labelledby="relationship-rules-title">
          <Title order={3} size="h4" id="relationship-rules-title">
            Contact rules
          </Title>
          <RulesEditor readOnly={readOnly} />
        </Stack>
        <Stack gap="sm" component="section" aria-labelledby="relationship-model-title">
          <Title order={3} size="h4" id="relationship-model-title">
            Scoring model
          </Title>
          <ClassifierEditor readOnly={readOnly} />
        </Stack>
      </Stack>
    </>
  );
}
