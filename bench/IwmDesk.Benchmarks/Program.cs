using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, e.g. `dotnet run -c Release --project bench/IwmDesk.Benchmarks -- --filter '*Sma*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
