import type { RegisterEntryDto } from './register.dto';

export interface RegisterSheetEntryDto extends RegisterEntryDto {
  team: string | null;
  /** The organisation's name; null only for a person the register no longer finds. */
  organisation: string | null;
}

/** The register with each person's team and organisation: what a trainer reads in the room and prints. */
export interface RegisterSheetDto {
  sessionId: string;
  records: RegisterSheetEntryDto[];
}
