using System.CommandLine;
using ChatArchive.Cli;

// One line per command group; each group lives in Commands/<Group>Commands.cs.
var root = new RootCommand("chatarchive — beheer van zakelijke chatberichten van bewindspersonen (ChatArchive.Workflows)");
foreach (var command in DbCommands.Create())
{
    root.Subcommands.Add(command);
}
foreach (var command in ClassificationCommands.Create()) root.Subcommands.Add(command);
foreach (var command in SealingCommands.Create()) root.Subcommands.Add(command);
foreach (var command in IngestionCommands.Create()) root.Subcommands.Add(command);
foreach (var command in AuditCommands.Create()) root.Subcommands.Add(command);
foreach (var command in CoverageCommands.Create()) root.Subcommands.Add(command);
foreach (var command in KeyCommands.Create()) root.Subcommands.Add(command);
foreach (var command in UserCommands.Create()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
