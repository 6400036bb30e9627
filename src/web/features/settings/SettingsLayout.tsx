import { Outlet } from '@tanstack/react-router';
import { PageHeader } from '../../components/PageHeader.js';

export function SettingsLayout() {
  return (
    <>
      <PageHeader title="Settings" />
      <Outlet />
    </>
  );
}
