import { Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { type DragEvent, useId, useState } from 'react';
import classes from './imports.module.css';

/**
 * The file picker: a visually hidden but focusable `<input type="file">` whose label is the
 * visible drop zone. The native input keeps its keyboard behaviour (Tab reaches it, Enter or
 * Space opens the system picker) and its name for screen readers; the label draws the focus
 * ring and takes a dropped file. (@mantine/dropzone is not a dependency; this is all it would
 * add here.)
 */
export function FileDrop({
  onFile,
  error,
  disabled = false,
}: {
  onFile: (file: File) => void;
  /** Why the last file was refused; announced and shown in the zone. */
  error: string | null;
  disabled?: boolean;
}) {
  const inputId = useId();
  const errorId = useId();
  const [dragging, setDragging] = useState(false);

  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (file) onFile(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!disabled) take(e.dataTransfer.files);
  };

  return (
    <div className={classes.dropWrap}>
      <input
        id={inputId}
        type="file"
        accept=".csv,text/csv"
        className={classes.hiddenInput}
        disabled={disabled}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          take(e.currentTarget.files);
          // Choosing the same file again after fixing it must fire change again.
          e.currentTarget.value = '';
        }}
      />
      <label
        htmlFor={inputId}
        className={classes.dropZone}
        data-dragging={dragging || undefined}
        data-error={error ? true : undefined}
        data-disabled={disabled || undefined}
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
        }}
        onDragLeave={(e) => {
          // Leaving for a child element is not leaving the zone.
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <Stack align="center" gap={6}>
          <ThemeIcon variant="light" size={44} radius="xl" color={error ? 'red' : 'blue'} aria-hidden>
            {dragging ? <IconFileSpreadsheet size={24} /> : <IconUpload size={24} />}
          </ThemeIcon>
          <Text fw={600}>
            {dragging ? 'Drop the file to preview it' : 'Choose a CSV file or drop it here'}
          </Text>
          <Text size="sm" c="dimmed">
            UTF-8 text with a header row; comma- or semicolon-separated
          </Text>
        </Stack>
      </label>
      {/* Outside the label, so the error is not part of the input's name. */}
      <Text id={errorId} size="sm" c="red.8" role="alert" mt={error ? 'xs' : 0} ta="center">
        {error ?? ''}
      </Text>
    </div>
  );
}
