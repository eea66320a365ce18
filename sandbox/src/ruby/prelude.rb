# Evaluated after `$0` (the script) and `ARGV` are set: runs the script as
# `ruby SCRIPT ARGS...` would and always leaves through proc_exit.
code = begin
  load($0)
  0
rescue SystemExit => e
  e.status
rescue Exception => e
  # Frames below the script's own belong to this prelude: leave them out.
  trace = (e.backtrace || []).take_while { |line| !line.include?("'Kernel#load'") }
  if trace.empty?
    $stderr.write("#{e.message} (#{e.class})\n")
  else
    e.set_backtrace(trace)
    $stderr.write(e.full_message(highlight: false))
  end
  1
end
begin
  $stdout.flush
  $stderr.flush
rescue Exception
end
Process.exit!(code)
