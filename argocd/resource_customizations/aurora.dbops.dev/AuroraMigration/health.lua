-- Argo CD health of an AuroraMigration (aurora.dbops.dev/v1alpha1): Ready=True (Completed, or a dry
-- run's plan written) is Healthy; waiting for cutover approval (phase AwaitingCutover) is Suspended;
-- phase Failed or RolledBack, or Degraded=True while not Ready, is Degraded with the message; every
-- other phase (Pending, Preflight, Migrating, CuttingOver, RollingBack) is Progressing.
local hs = {}

local function condition(conditionType)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == conditionType then
        return c
      end
    end
  end
  return nil
end

local function messageOf(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

if obj.status == nil or obj.status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end
local phase = obj.status.phase
local ready = condition("Ready")
local degraded = condition("Degraded")
local isReady = ready ~= nil and ready.status == "True"
local stale = obj.status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and obj.status.observedGeneration < obj.metadata.generation

if phase == "Failed" or phase == "RolledBack" or (not isReady and degraded ~= nil and degraded.status == "True") then
  hs.status = "Degraded"
  hs.message = messageOf(degraded, messageOf(ready, obj.status.message or phase))
  return hs
end
-- After the approval is set, the status still says AwaitingCutover until the operator acts on it.
if phase == "AwaitingCutover" and not stale then
  hs.status = "Suspended"
  hs.message = obj.status.message or messageOf(ready, "Waiting for cutover approval: set spec.cutover.approved: true")
  return hs
end
if isReady and not stale then
  hs.status = "Healthy"
  hs.message = messageOf(ready, phase)
  return hs
end
hs.status = "Progressing"
local step = obj.status.currentStep and (" (" .. obj.status.currentStep .. ")") or ""
hs.message = phase .. step .. ": " .. (obj.status.message or messageOf(ready, ""))
return hs
