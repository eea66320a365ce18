// Compiled once at install time to fill the global cache with what most
// solutions use (compiler_rt, formatting, parsing, containers, sorting).
const std = @import("std");

pub fn main(init: std.process.Init) !void {
    const gpa = init.gpa;
    var in_buffer: [4096]u8 = undefined;
    var stdin: std.Io.File.Reader = .init(.stdin(), init.io, &in_buffer);
    const input = try stdin.interface.allocRemaining(init.arena.allocator(), .unlimited);

    var values: std.ArrayList(i64) = .empty;
    defer values.deinit(gpa);
    var seen: std.AutoHashMap(i64, usize) = .init(gpa);
    defer seen.deinit();
    var words = std.mem.tokenizeAny(u8, input, " \t\r\n");
    while (words.next()) |word| {
        const value = try std.fmt.parseInt(i64, word, 10);
        try values.append(gpa, value);
        try seen.put(value, values.items.len);
    }
    std.mem.sort(i64, values.items, {}, std.sort.asc(i64));
    const ratio: f64 = if (values.items.len == 0) 0 else @floatFromInt(seen.count());

    var out_buffer: [4096]u8 = undefined;
    var stdout: std.Io.File.Writer = .init(.stdout(), init.io, &out_buffer);
    try stdout.interface.print("{any} {d:.3}\n", .{ values.items, ratio });
    try stdout.interface.flush();
}
