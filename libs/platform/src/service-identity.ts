/** Which service this process is: its name (logs, metrics) and the database schema it owns. */
export class ServiceIdentity {
  constructor(
    readonly name: string,
    readonly schema: string,
  ) {}
}
