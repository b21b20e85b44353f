using System.Runtime.CompilerServices;

// The read-out tests compare the scoped storage of bulk decisions with one record per message (ReadOutService.ScopedDecisionsFrom).
[assembly: InternalsVisibleTo("ChatArchive.Persistence.Tests")]
