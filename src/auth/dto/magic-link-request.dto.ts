import { IsEmail, MaxLength } from 'class-validator';

export class MagicLinkRequestDto {
  /** The address to send the sign-in link to. The answer is the same whether it is known or not. */
  @IsEmail({ require_tld: false })
  @MaxLength(320)
  email: string;
}
