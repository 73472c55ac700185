import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** `GET /subjects/matches?givenName=&familyName=&dateOfBirth=` */
export class FindSubjectMatchesRequest {
  @ApiProperty({ example: 'Muhammad' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  givenName!: string;

  @ApiProperty({ example: 'Kahn' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  familyName!: string;

  @ApiProperty({ example: '2008-03-04', format: 'date' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsISO8601({ strict: true })
  dateOfBirth!: string;
}
