export { stopPostgresForTests as default } from './postgres-global-setup';
