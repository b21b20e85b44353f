using System.Runtime.CompilerServices;

// The Teams tests force tiny spill runs through TeamsGraphReader's internal constructor (TeamsSpillOptions),
// so they check the external sort on small fixtures instead of on hundreds of megabytes.
[assembly: InternalsVisibleTo("ChatArchive.Ingestion.Tests")]
