import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PersonDto } from '../../people/dto/person.dto';

export class TokenExchangeDto {
  /** The `token` parameter of the link in the sign-in e-mail. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;
}

export class SignedInDto {
  /** Send as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  expiresAt: Date;
  person: PersonDto;
}
